import type { KnowledgeEntry } from '../../knowledge';
import { useFixes, useReport } from '../entryUses';
import type { FileRule } from '../rule';
import { fit } from '../messages';

// MCP106 auth-deprecation-watch: a call that a post-2.0 release deprecates: it still works in 2.x
// and breaks in 3.0. For a parameter entry, the finding is on the call that does NOT pass the
// keyword (the new default is the deprecated behaviour).

const CODE = 'MCP106';
export const claimsUse = (e: KnowledgeEntry): boolean => e.rule === CODE || (!e.rule && !e.quietUses && e.status === 'watch');
export const claimsArgument = (e: KnowledgeEntry): boolean => e.rule === CODE || (!e.rule && e.status === 'watch');

export const authDeprecationWatch: FileRule = {
	meta: {
		code: CODE, name: 'auth-deprecation-watch', scope: 'file', defaultSeverity: 'information', tags: [], fix: 'none', v1Only: false,
		summary: 'A call that a post-2.0 release (2.1-2.3) deprecates; it still works in 2.x and breaks in 3.0.',
	},
	check(ctx, report) {
		const { uses, calls } = ctx.facts.uses();
		for (const use of uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, false)));
			}
		}
		for (const call of calls) {
			for (const arg of call.args) {
				if (arg.entry.status !== 'watch' || !claimsArgument(arg.entry) || arg.passed || call.splat) {
					continue;
				}
				const { entry } = arg;
				const name = call.callee.name;
				report({
					span: { start: name.startIndex, end: name.endIndex },
					message: fit([`\`${name.text}(...)\` without \`${arg.keyword}=\` is deprecated after 2.0 (breaks in 3.0)`, `\`${name.text}(...)\` without \`${arg.keyword}=\` is deprecated after 2.0`]),
					detail: entry.message,
					symbol: entry.symbol,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
				});
			}
		}
	},
};
