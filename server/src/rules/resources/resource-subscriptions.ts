import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';
import { reportMemberSites } from './memberSites';

// MCP204 resource-subscriptions: `subscribe_resource()` / `unsubscribe_resource()` on a ClientSession or
// Client; V2 replaces subscriptions with `listen()`.
// Which members these are is data (resources.json entries that name this rule).

const CODE = 'MCP204';

export const resourceSubscriptions: FileRule = {
	meta: {
		code: CODE, name: 'resource-subscriptions', scope: 'file', defaultSeverity: 'warning', tags: ['deprecated'], fix: 'none', v1Only: true,
		summary: 'subscribe_resource / unsubscribe_resource on a ClientSession or Client; V2 uses listen().',
	},
	check(ctx, report) {
		reportMemberSites(ctx, report, CODE, (site) => fit([`\`${site.subject}(...)\` is deprecated in mcp 2.x (MCPDeprecationWarning)`, `\`${shortSubject(site.subject)}(...)\` is deprecated in mcp 2.x`]));
	},
};
