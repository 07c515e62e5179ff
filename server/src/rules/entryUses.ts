import type { Node } from 'web-tree-sitter';
import type { Fix } from '../analysis/model';
import type { FileContext } from '../facts/context';
import type { ArgumentFact, CallFact, UseFact } from '../facts/uses';
import { removeKeywordFix, renameKeywordFix } from '../fixes/calls';
import { importFixForBinding } from '../fixes/imports';
import { callTargetFix, renameMemberFix } from '../fixes/members';
import { fixOf, type KnowledgeEntry } from '../knowledge';
import { argumentMessage, resolvedDetail } from './messages';
import type { Report } from './reporter';
import { useMessage, useVerdict, verdictSeverity } from './useVerdict';

// How the auth rules (server/src/rules/auth/*) report a use or an argument of a catalogued symbol: the same
// wording and fixes whichever rule claims it. Which rule claims which entry is decided in each
// rule module (its `claims*` predicates); test/unit/registry.test.ts proves that exactly one rule
// claims every knowledge entry.

function optional(fix: Fix | undefined): Fix[] | undefined {
	return fix ? [fix] : undefined;
}

/** Marks rewrites that write names only mcp 2 has (new module paths, renamed members and keywords). */
export function writesV2(fixes: Fix[] | undefined): Fix[] | undefined {
	return fixes?.map((f) => ({ ...f, v2Only: true }));
}

/**
 * The report for a use of a catalogued name: its verdict on this line (useVerdict) sets the
 * severity and the short message; the entry's prose is the detail the hover shows.
 */
export function useReport(ctx: FileContext, use: UseFact, fixes?: Fix[]): Report {
	const { entry } = use.resolved;
	const { verdict, shape } = useVerdict(ctx, use);
	return {
		importedAt: importsOf(ctx, use),
		span: use.span,
		severity: verdictSeverity(verdict),
		message: useMessage(use.subject, use.resolved, verdict, shape),
		detail: resolvedDetail(use.resolved),
		symbol: use.resolved.fqn,
		status: entry.status,
		noteId: entry.note,
		href: entry.href,
		fixes,
	};
}

/** Where the imports that bind a use's first name are (for suppressions on the import line). */
function importsOf(ctx: FileContext, use: UseFact): number[] | undefined {
	if (use.via !== 'import' || !use.expr) {
		return undefined;
	}
	const start = chainStart(use.expr);
	if (start.type !== 'identifier') {
		return undefined;
	}
	const at = ctx.binder.reaching(start.text, start).filter((b) => b.site?.kind === 'import').map((b) => b.node.startIndex);
	return at.length > 0 ? at : undefined;
}

/** `a` of `a.b.c`. */
function chainStart(expr: Node): Node {
	let start = expr;
	while (start.type === 'attribute' && start.childForFieldName('object')) {
		start = start.childForFieldName('object')!;
	}
	return start;
}

/**
 * Rewrites for a use: a member rename (`ctx.fastmcp` -> `ctx.mcp_server`) or a call-target rewrite
 * (`ctx.client_id` -> `get_access_token().client_id`); with `importRewrite`, the import rewrite that
 * repairs a use reached from an import binding.
 */
export function useFixes(ctx: FileContext, use: UseFact, importRewrite: boolean): Fix[] | undefined {
	if (use.via === 'member' && use.name && use.expr) {
		const { entry } = use.resolved;
		const rename = fixOf(entry, 'renameMember');
		if (rename) {
			return writesV2(optional(renameMemberFix(use.name, rename.to, rename.safety ?? 'review')));
		}
		// `get_access_token()` exists on mcp 1 too: this rewrite works on both.
		return fixOf(entry, 'callTarget') ? optional(callTargetFix(ctx, use.expr, entry)) : undefined;
	}
	if (!importRewrite || !use.expr) {
		return undefined;
	}
	const start = chainStart(use.expr);
	if (start.type !== 'identifier') {
		return undefined;
	}
	for (const b of ctx.binder.reaching(start.text, start)) {
		const found = b.site?.kind === 'import' ? importFixForBinding(ctx, b.node) : undefined;
		if (found) {
			return writesV2([found.fix]);
		}
	}
	return undefined;
}

/**
 * An argument worth a finding of its own: passed, not a post-2.0 watch item (those are about
 * what is missing), and either changed in V2 or passed by position (V2 reordered positions).
 */
export function reportableArgument(arg: ArgumentFact): arg is ArgumentFact & { passed: NonNullable<ArgumentFact['passed']> } {
	return !!arg.passed && arg.entry.status !== 'watch' && (arg.entry.status !== 'unchanged' || arg.byPosition);
}

/** The report for a passed argument: its verdict, or the positional-shift warning. */
export function argumentReport(call: CallFact, arg: ArgumentFact & { passed: NonNullable<ArgumentFact['passed']> }, fixes?: Fix[]): Report {
	const { entry, keyword } = arg;
	return {
		span: { start: arg.passed.startIndex, end: arg.passed.endIndex },
		message: argumentMessage(keyword, entry, call.callee.resolved.fqn, arg.byPosition),
		detail: entry.message,
		symbol: entry.symbol,
		status: entry.status,
		noteId: entry.note,
		href: entry.href,
		tags: entry.status === 'unchanged' ? [] : undefined,
		fixes: entry.status === 'unchanged' ? undefined : fixes,
	};
}

/** The data-driven keyword rewrites: a renamed keyword, or a removed one (fix data in the entry). */
export function keywordFixes(ctx: FileContext, call: CallFact, arg: ArgumentFact): Fix[] | undefined {
	const { entry, kwArg } = arg;
	if (!kwArg) {
		return undefined;
	}
	const remove = fixOf(entry, 'removeKeyword');
	if (fixOf(entry, 'renameKeyword')) {
		return writesV2(optional(renameKeywordFix(call.call, kwArg, entry)));
	}
	return remove ? optional(removeKeywordFix(ctx.text, kwArg, remove.safety ?? 'review')) : undefined;
}

/** Every passed argument of every call whose entry `claims` accepts, with its call. */
export function* claimedArguments(ctx: FileContext, claims: (entry: KnowledgeEntry) => boolean): Generator<{ call: CallFact; arg: ArgumentFact & { passed: NonNullable<ArgumentFact['passed']> } }> {
	for (const call of ctx.facts.uses().calls) {
		for (const arg of call.args) {
			if (reportableArgument(arg) && claims(arg.entry)) {
				yield { call, arg };
			}
		}
	}
}
