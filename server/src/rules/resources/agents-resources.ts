import type { FileRule } from '../rule';
import { reportMemberSites } from './memberSites';

// MCP201 agents-resources: `list_resources()` / `read_resource()` / `list_resource_templates()` on an
// openai-agents MCP server: the pre-summit resources API, whose results change shape under mcp 2.x.
// Which members these are is data (resources.json entries that name this rule).

const CODE = 'MCP201';

export const agentsResources: FileRule = {
	meta: {
		code: CODE, name: 'agents-resources', scope: 'file', defaultSeverity: 'information', tags: [], fix: 'none', v1Only: false,
		summary: 'list_resources / read_resource / list_resource_templates on an openai-agents MCP server (pre-summit API).',
	},
	check(ctx, report) {
		reportMemberSites(ctx, report, CODE, (site, resolved) => `\`${site.subject}(...)\` is the pre-summit openai-agents resources API ${resolved.entry.since ? `(added in ${resolved.entry.since})` : ''}; mcp 2.x changes what it returns. ${resolved.entry.message}`);
	},
};
