import type { Node } from 'web-tree-sitter';
import { positionalArguments, sameNode } from '../../analysis/syntax';
import type { FileContext } from '../../facts/context';
import type { CallFact } from '../../facts/uses';
import { movedKeywordsFix, type Family } from '../../fixes/calls';
import { fixOf, type KnowledgeEntry } from '../../knowledge';
import { fit } from '../messages';
import { argumentReport, claimedArguments, keywordFixes, useFixes, useReport, writesV2 } from '../entryUses';
import type { FileRule, ReportFn } from '../rule';
import { displayName } from '../verdict';

// MCP104 fastmcp-auth-wiring: a FastMCP(...) or MCPServer(...) call with transport keywords that
// are not constructor keywords in V2 (or, on FastMCP, auth wiring): one finding per moved/removed
// keyword (with the rewrite that moves it onto run()/the app builder), and one on the first
// positional argument that V2's inserted parameters shift; no summary on the callee (its keywords
// say what breaks). Which keywords these are is data (parameter entries
// that name this rule), for the V1 class and the V2 one alike, so renaming FastMCP to MCPServer
// never hides a keyword that still breaks.

const CODE = 'MCP104';
export const claimsUse = (e: KnowledgeEntry): boolean => e.rule === CODE;
export const claimsArgument = claimsUse;

export const fastmcpAuthWiring: FileRule = {
	meta: {
		code: CODE, name: 'fastmcp-auth-wiring', scope: 'file', defaultSeverity: 'warning', severityWhenV2: 'error', tags: [], fix: 'sometimes', v1Only: true,
		summary: 'A FastMCP(...) or MCPServer(...) call with auth wiring, or transport keywords that are not constructor keywords in V2.',
	},
	check(ctx, report) {
		for (const use of ctx.facts.uses().uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, false)));
			}
		}
		for (const { call, arg } of claimedArguments(ctx, claimsArgument)) {
			report(argumentReport(call, arg, arg.entry.status === 'moved' ? movedFix(ctx, call, arg.keyword) : keywordFixes(ctx, call, arg)));
		}
		for (const call of ctx.facts.uses().calls) {
			reportPositionalShift(report, call);
		}
	},
};

/** The rewrite that moves every moved keyword of this call at once; offered on each of them. */
function movedFix(ctx: FileContext, call: CallFact, keyword: string) {
	const movedArgs = new Map<string, { arg: Node; family: Family }>();
	for (const a of call.args) {
		const move = fixOf(a.entry, 'moveKeyword');
		if (a.kwArg && move && claimsArgument(a.entry)) {
			movedArgs.set(a.keyword, { arg: a.kwArg, family: move.to });
		}
	}
	const moved = movedKeywordsFix(ctx, call.call, movedArgs);
	// `run(port=...)` and the app builders' keywords are mcp 2's shape.
	return writesV2(moved?.moved.has(keyword) ? [moved.fix] : undefined);
}

/**
 * `FastMCP("name", "instructions", ...)`: V2 inserted parameters after the name, so every later
 * positional argument lands in another slot: one finding, on the first argument that shifts.
 * (Positional auth wiring gets its own "pass by keyword" finding from its parameter entry.)
 */
function reportPositionalShift(report: ReportFn, call: CallFact): void {
	const callee = call.callee.resolved;
	const inserted = callee.entry.v2Call?.insertedPositionals ?? [];
	const second = positionalArguments(call.call)[1];
	if (inserted.length === 0 || !second || call.args.some((a) => a.byPosition && a.passed && sameNode(a.passed, second))) {
		return;
	}
	const list = inserted.join(', ');
	report({
		span: { start: second.startIndex, end: second.endIndex },
		message: fit([`pass this by keyword: V2 inserted ${list} after the name`, 'pass this by keyword: V2 inserted parameters after the name']),
		detail: `${displayName(callee.fqn)}'s positional order changed in V2: ${list} now follow the name, so positional arguments after it land in other parameters.`,
		symbol: callee.fqn,
		status: callee.entry.status,
		noteId: callee.entry.note,
		href: callee.entry.href,
		tags: [],
	});
}
