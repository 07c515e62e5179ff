import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';

// MCP206 anthropic-resource-helpers: a call of anthropic's `mcp_resource_to_content` /
// `mcp_resource_to_file` converter, through any import spelling (when it shipped is the entry's `since`).
// Which functions these are is data (resources.json entries that name this rule).

const CODE = 'MCP206';

export const anthropicResourceHelpers: FileRule = {
	meta: {
		code: CODE, name: 'anthropic-resource-helpers', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
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
				message: fit([`\`${c.subject}(...)\` works in V2 with a recent anthropic (see hover)`, `\`${shortSubject(c.subject)}(...)\` works in V2 with a recent anthropic`]),
				detail: entry.message,
				symbol: c.resolved.fqn,
				status: entry.status,
				noteId: entry.note,
				href: entry.href,
			});
		}
	},
};
