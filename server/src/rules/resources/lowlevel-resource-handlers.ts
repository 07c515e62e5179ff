import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';
import { reportMemberSites } from './memberSites';

// MCP205 lowlevel-resource-handlers: a v1 `@server.list_resources()` / `read_resource()` / ... decorator on a
// low-level Server; V2 takes `on_*=` handler arguments instead.
// Which members these are is data (resources.json entries that name this rule).

const CODE = 'MCP205';

export const lowlevelResourceHandlers: FileRule = {
	meta: {
		code: CODE, name: 'lowlevel-resource-handlers', scope: 'file', defaultSeverity: 'warning', tags: [], fix: 'none', v1Only: true,
		summary: 'A v1 @server.list_resources() / read_resource() / ... decorator on a low-level Server; V2 takes on_*= arguments.',
	},
	check(ctx, report) {
		reportMemberSites(ctx, report, CODE, (site) => fit([`\`${site.subject}()\` is a v1 low-level handler decorator; V2 changed how handlers register`, `\`${shortSubject(site.subject)}()\` is a v1 low-level handler decorator`]));
	},
};
