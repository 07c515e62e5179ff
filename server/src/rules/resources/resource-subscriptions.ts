import type { FileRule } from '../rule';

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
		for (const site of ctx.facts.resources().sites) {
			for (const { resolved } of site.members) {
				const { entry } = resolved;
				if (entry.rule !== CODE) {
					continue;
				}
				report({
					span: { start: site.id.startIndex, end: site.id.endIndex },
					message: `\`${site.subject}(...)\` is deprecated: ${entry.message}`,
					symbol: resolved.fqn,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
				});
			}
		}
	},
};
