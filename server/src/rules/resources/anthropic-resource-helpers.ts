import type { FileRule } from '../rule';

// MCP206 anthropic-resource-helpers: a call of anthropic's `mcp_resource_to_content` /
// `mcp_resource_to_file` converter, through any import spelling (when it shipped is the entry's `since`).
// Which functions these are is data (resources.json entries that name this rule).

const CODE = 'MCP206';

export const anthropicResourceHelpers: FileRule = {
	meta: {
		code: CODE, name: 'anthropic-resource-helpers', scope: 'file', defaultSeverity: 'information', tags: [], fix: 'none', v1Only: false,
		summary: 'A call of anthropic\'s mcp_resource_to_content / mcp_resource_to_file converter.',
	},
	check(ctx, report) {
		for (const c of ctx.facts.resources().functionCalls) {
			const { entry } = c.resolved;
			if (entry.rule !== CODE) {
				continue;
			}
			report({
				span: { start: c.id.startIndex, end: c.id.endIndex },
				message: `\`${c.subject}(...)\` is anthropic's converter for an mcp \`ReadResourceResult\` (${entry.since ? `released in ${entry.since}; ` : ''}there is no Anthropic resources client API, the "parallel Anthropic PR" never landed). ${entry.message}`,
				symbol: c.resolved.fqn,
				status: entry.status,
				noteId: entry.note,
				href: entry.href,
			});
		}
	},
};
