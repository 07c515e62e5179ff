import type { KnowledgeEntry } from '../../knowledge';
import { argumentReport, claimedArguments, keywordFixes, useFixes, useReport } from '../entryUses';
import type { FileRule } from '../rule';

// MCP102 auth-changed: a use of a symbol whose signature or behaviour changed in V2, and a passed
// parameter that changed. Not for entries another rule names or marks quiet. The use's shape
// decides (rules/useVerdict.ts): an annotation, a subclass or a constructor whose catalogued
// parameters are fine is unaffected (Hint); an isinstance or a changed function's call breaks. In a
// project that runs mcp 2 the symbol already is the V2 one: only a changed parameter breaks there.

export const claimsUse = (e: KnowledgeEntry): boolean => !e.rule && !e.quietUses && e.status === 'signature_changed';
export const claimsArgument = (e: KnowledgeEntry): boolean => !e.rule && e.status === 'signature_changed';

export const authChanged: FileRule = {
	meta: {
		code: 'MCP102', name: 'auth-changed', scope: 'file', defaultSeverity: 'warning', severityWhenV2: 'error', tags: [], fix: 'none', v1Only: true,
		summary: 'A use of a symbol whose signature or behaviour changed in V2.',
	},
	check(ctx, report) {
		for (const use of ctx.facts.uses().uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, false)));
			}
		}
		for (const { call, arg } of claimedArguments(ctx, claimsArgument)) {
			const r = argumentReport(call, arg, keywordFixes(ctx, call, arg));
			// On V2 the keyword exists with its V2 contract: the value cannot be told V1-shaped here.
			report(ctx.mcpResolvesV2 && arg.entry.status === 'signature_changed'
				? { ...r, severity: 'hint', message: `\`${arg.keyword}=\` takes its V2 contract here (see hover)` }
				: r);
		}
	},
};
