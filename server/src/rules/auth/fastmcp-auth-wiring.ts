import type { Node } from 'web-tree-sitter';
import { sameNode } from '../../analysis/syntax';
import type { FileContext } from '../../facts/context';
import type { CallFact } from '../../facts/uses';
import { movedKeywordsFix, type Family } from '../../fixes/calls';
import { fixOf, type KnowledgeEntry } from '../../knowledge';
import { argumentReport, claimedArguments, keywordFixes, useFixes, useReport, writesV2 } from '../entryUses';
import type { FileRule, ReportFn } from '../rule';
import { displayName } from '../verdict';

// MCP104 fastmcp-auth-wiring: a FastMCP(...) or MCPServer(...) call with transport keywords that
// are not constructor keywords in V2 (or, on FastMCP, auth wiring): one finding per moved/removed
// keyword (with the rewrite that moves it onto run()/the app builder), and on a FastMCP call one on
// the callee that shows the call's V2 shape. Which keywords these are is data (parameter entries
// that name this rule), for the V1 class and the V2 one alike, so renaming FastMCP to MCPServer
// never hides a keyword that still breaks.

const CODE = 'MCP104';
export const claimsUse = (e: KnowledgeEntry): boolean => e.rule === CODE;
export const claimsArgument = claimsUse;

export const fastmcpAuthWiring: FileRule = {
	meta: {
		code: CODE, name: 'fastmcp-auth-wiring', scope: 'file', defaultSeverity: 'warning', tags: [], fix: 'sometimes', v1Only: true,
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
			const wiring = { auth: [] as KnowledgeEntry[], moved: [] as KnowledgeEntry[] };
			for (const arg of call.args) {
				if (arg.passed && arg.entry.status !== 'watch' && claimsArgument(arg.entry)) {
					(arg.entry.status === 'unchanged' ? wiring.auth : wiring.moved).push(arg.entry);
				}
			}
			// A call already spelled with the V2 class needs no "in V2 write ..." summary: its
			// keyword findings say what breaks and where each keyword goes.
			if ((wiring.auth.length > 0 || wiring.moved.length > 0) && call.callee.resolved.entry.status !== 'unchanged') {
				reportV2Shape(report, call, wiring);
			}
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

/** The summary on the callee: what this constructor call looks like in V2. */
function reportV2Shape(report: ReportFn, call: CallFact, wiring: { auth: KnowledgeEntry[]; moved: KnowledgeEntry[] }): void {
	const kw = (e: KnowledgeEntry) => /\(([A-Za-z_]\w*)=\)$/.exec(e.symbol)![1];
	const callee = call.callee;
	const entry = callee.resolved.entry;
	const shape = entry.v2Call;
	const v2Name = shape?.name ?? fixOf(entry, 'import')?.name ?? (entry.target ? displayName(entry.target) : displayName(callee.resolved.fqn));
	const server = assignedName(call.call) ?? 'server';
	const authArgs = wiring.auth.map((e) => `${kw(e)}=...`);
	const moved = wiring.moved.filter((e) => e.status === 'moved').map((e) => `${kw(e)}=`);
	const removed = wiring.moved.filter((e) => e.status === 'removed').map((e) => `${kw(e)}=`);
	const parts = [`in V2 write \`${v2Name}("name"${authArgs.length ? ', ' + authArgs.join(', ') : ''})\``];
	if (moved.length && shape) {
		const [first, ...rest] = shape.transportTargets.map((t) => `\`${server}.${t}\``);
		parts.push(`pass ${moved.map((m) => `\`${m}\``).join(', ')} to ${first}${rest.length ? ` or ${rest.join(' / ')}` : ''}`);
	}
	if (removed.length) {
		parts.push(`drop ${removed.map((m) => `\`${m}\``).join(', ')} (mount the ASGI app instead)`);
	}
	if (call.positionalCount > 1 && shape?.insertedPositionals.length) {
		const names = shape.insertedPositionals;
		const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
		parts.push(`pass everything after the name by keyword (V2 inserted ${list} into the positional order)`);
	}
	const what = wiring.auth.length ? 'with auth wiring' : 'with transport keywords';
	const name = callee.name;
	report({
		span: { start: name.startIndex, end: name.endIndex },
		message: `\`${name.text}(...)\` ${what}: ${parts.join('; ')}.${wiring.auth.length ? ' The auth keywords themselves keep their names and meaning.' : ''}`,
		symbol: callee.resolved.fqn,
		status: entry.status,
		noteId: (wiring.moved[0] ?? wiring.auth[0]).note,
		href: (wiring.moved[0] ?? wiring.auth[0]).href,
		tags: [],
	});
}

function assignedName(call: Node): string | undefined {
	const p = call.parent;
	if (p && p.type === 'assignment' && sameNode(p.childForFieldName('right'), call)) {
		const left = p.childForFieldName('left');
		return left?.type === 'identifier' ? left.text : undefined;
	}
	return undefined;
}
