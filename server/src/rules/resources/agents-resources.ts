import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';
import { reportMemberSites } from './memberSites';

// MCP201 agents-resources: `list_resources()` / `read_resource()` / `list_resource_templates()` on an
// openai-agents MCP server: the pre-summit resources API, whose results change shape under mcp 2.x.
// Which members these are is data (resources.json entries that name this rule).

const CODE = 'MCP201';

export const agentsResources: FileRule = {
	meta: {
		code: CODE, name: 'agents-resources', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
		summary: 'list_resources / read_resource / list_resource_templates on an openai-agents MCP server (pre-summit API).',
	},
	check(ctx, report) {
		reportMemberSites(ctx, report, CODE, (site) => fit([`\`${site.subject}(...)\` works in V2; its result fields are snake_case there`, `\`${shortSubject(site.subject)}(...)\` works in V2; its result fields are snake_case there`]));
	},
};
