import type { KnowledgeEntry } from '../../knowledge';
import { argumentReport, claimedArguments, keywordFixes, useFixes, useReport } from '../entryUses';
import type { FileRule } from '../rule';

// MCP105 context-auth: `ctx.client_id`, `ctx.fastmcp` and `get_context()` on an mcp Context or
// FastMCP server: the auth identity and server handle moved in V2. Which members these are is
// data (knowledge entries that name this rule); the member rewrites come with them.

const CODE = 'MCP105';
export const claimsUse = (e: KnowledgeEntry): boolean => e.rule === CODE;
export const claimsArgument = claimsUse;

export const contextAuth: FileRule = {
	meta: {
		code: CODE, name: 'context-auth', scope: 'file', defaultSeverity: 'warning', severityWhenV2: 'error', tags: ['deprecated'], fix: 'sometimes', v1Only: true,
		summary: 'ctx.client_id, ctx.fastmcp or get_context() on an mcp Context / FastMCP server.',
	},
	check(ctx, report) {
		for (const use of ctx.facts.uses().uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, false)));
			}
		}
		for (const { call, arg } of claimedArguments(ctx, claimsArgument)) {
			report(argumentReport(call, arg, keywordFixes(ctx, call, arg)));
		}
	},
};
