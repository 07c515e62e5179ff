import type { FileRule } from '../rule';

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
		for (const site of ctx.facts.resources().sites) {
			for (const { resolved } of site.members) {
				const { entry } = resolved;
				if (entry.rule !== CODE) {
					continue;
				}
				report({
					span: { start: site.id.startIndex, end: site.id.endIndex },
					message: `\`${site.subject}(...)\` is the pre-summit openai-agents resources API ${entry.since ? `(added in ${entry.since})` : ''}; mcp 2.x changes what it returns. ${entry.message}`,
					symbol: resolved.fqn,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
				});
			}
		}
	},
};
