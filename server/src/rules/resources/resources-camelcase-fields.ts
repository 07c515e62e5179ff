import { renameMemberFix } from '../../fixes/members';
import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';
import { reportMemberSites } from './memberSites';

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
		reportMemberSites(ctx, report, CODE,
			(site, { entry }) => fit(entry.status === 'added'
				? [`\`${site.subject}\` is no mcp 1.x field; \`.${entry.target}\` in V2 (AttributeError)`, `\`${shortSubject(site.subject)}\` is \`.${entry.target}\` in V2 (AttributeError)`]
				: [`\`${site.subject}\` is \`.${entry.target}\` in V2 (AttributeError)`, `\`${shortSubject(site.subject)}\` is \`.${entry.target}\` in V2 (AttributeError)`]),
			(site, { entry }) => {
				// The snake_case name works only on mcp 2 (safe there, a review fix before).
				const rename = (entry.status === 'renamed' || entry.status === 'added') && entry.target ? renameMemberFix(site.id, entry.target, ctx.mcpResolvesV2 ? 'safe' : 'review') : undefined;
				return rename ? [{ ...rename, v2Only: true }] : undefined;
			});
	},
};
