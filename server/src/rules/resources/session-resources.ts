import { fit, shortSubject } from '../messages';
import type { FileRule } from '../rule';

// MCP200 session-resources: a ClientSession resources call that mcp 2.x keeps working as written
// (a Hint carrying the note), and, when `resources.reportUnresolvedReceivers` is on, a resources
// call on a receiver nobody could type. Silent on a call that has an argument V2 rejects: that
// argument's own finding says what breaks, and "nothing breaks here" would contradict it.

const CODE = 'MCP200';
const UNRESOLVED_NOTE = 'session-resources';
const UNRESOLVED_HREF = 'https://github.com/modelcontextprotocol/python-sdk/blob/v2.0.0/docs/migration.md';

export const sessionResources: FileRule = {
	meta: {
		code: CODE, name: 'session-resources', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
		summary: 'A ClientSession resources call that mcp 2.x keeps working as written (quiet: a Hint with the note).',
	},
	check(ctx, report) {
		const facts = ctx.facts.resources();
		for (const site of facts.sites) {
			for (const { resolved, args } of site.members) {
				const { entry } = resolved;
				if (entry.rule !== CODE || args.length > 0) {
					continue;
				}
				report({
					span: { start: site.id.startIndex, end: site.id.endIndex },
					message: fit([`\`${site.subject}(...)\` works in V2 as called`, `\`${shortSubject(site.subject)}(...)\` works in V2 as called`]),
					detail: entry.message,
					symbol: resolved.fqn,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
				});
			}
		}
		for (const u of facts.unresolvedCalls) {
			report({
				span: { start: u.id.startIndex, end: u.id.endIndex },
				message: fit([`\`${u.subject}(...)\`: receiver type unknown; check it against the mcp 2.x resources changes`, `\`${shortSubject(u.subject)}(...)\`: receiver type unknown; check it against mcp 2.x`]),
				detail: 'If it is an mcp `ClientSession` or an openai-agents MCP server, check this call against the mcp 2.x resources changes (no `cursor` argument on `ClientSession`, `str` URIs, snake_case result fields, subscriptions replaced by `listen()`).',
				noteId: UNRESOLVED_NOTE,
				href: UNRESOLVED_HREF,
				tags: [],
			});
		}
	},
};
