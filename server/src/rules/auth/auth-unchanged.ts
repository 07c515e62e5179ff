import type { KnowledgeEntry } from '../../knowledge';
import { argumentReport, claimedArguments, useFixes, useReport } from '../entryUses';
import type { FileRule } from '../rule';

// MCP100 auth-unchanged: a use of an auth symbol that V2 keeps as it is (a Hint: visible in the
// editor, quiet in the Problems panel), and an unchanged parameter passed by position (V2
// reordered positions). Not for entries another rule names.

export const claimsUse = (e: KnowledgeEntry): boolean => !e.rule && (e.quietUses === true || e.status === 'unchanged');
export const claimsArgument = (e: KnowledgeEntry): boolean => !e.rule && e.status === 'unchanged';

export const authUnchanged: FileRule = {
	meta: {
		code: 'MCP100', name: 'auth-unchanged', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
		summary: 'A use of an mcp auth symbol that V2 keeps unchanged (quiet: a Hint).',
	},
	check(ctx, report) {
		for (const use of ctx.facts.uses().uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, false)));
			}
		}
		for (const { call, arg } of claimedArguments(ctx, claimsArgument)) {
			report(argumentReport(call, arg));
		}
	},
};
