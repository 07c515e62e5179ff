import { renameMemberFix } from '../../fixes/members';
import type { FileRule } from '../rule';

// MCP203 resources-camelcase-fields: a camelCase field (nextCursor, mimeType, uriTemplate, ...) read
// from a resources result; V2's models are snake_case, so the read fails with AttributeError. The
// rename is safe only once the project runs mcp 2 (before that it is the V1 name that works).

const CODE = 'MCP203';

export const resourcesCamelcaseFields: FileRule = {
	meta: {
		code: CODE, name: 'resources-camelcase-fields', scope: 'file', defaultSeverity: 'warning', tags: [], fix: 'sometimes', v1Only: true,
		summary: 'A camelCase field (nextCursor, mimeType, uriTemplate, ...) read from a resources result; V2 is snake_case.',
	},
	check(ctx, report) {
		for (const site of ctx.facts.resources().sites) {
			for (const { resolved } of site.members) {
				const { entry } = resolved;
				if (entry.rule !== CODE) {
					continue;
				}
				const rename = entry.status === 'renamed' && entry.target
					? renameMemberFix(site.id, entry.target, ctx.mcpResolvesV2 ? 'safe' : 'review') : undefined;
				report({
					span: { start: site.id.startIndex, end: site.id.endIndex },
					message: `\`${site.subject}\` is the v1 camelCase field name and fails with AttributeError under mcp 2.x; write \`.${entry.target}\` instead. ${entry.message}`,
					symbol: resolved.fqn,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
					fixes: rename ? [{ ...rename, v2Only: true }] : undefined,
				});
			}
		}
	},
};
