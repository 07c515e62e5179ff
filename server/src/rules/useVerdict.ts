import type { Severity } from '../analysis/model';
import type { FileContext } from '../facts/context';
import type { UseFact } from '../facts/uses';
import type { Resolved } from '../knowledge';
import { statusPhrase, fit, shortSubject } from './messages';
import { useShape, type UseShape } from './useShape';

// The verdict of one use under V2, from the use's shape and the entry's status (issue 18):
//   break      fails or changes behaviour: the rule's own severity (Warning, Error on mcp >= 2);
//   review     works but needs a decision: Information;
//   unaffected nothing on this line changes: Hint, with the reason in the message.
// Not for arguments (their entry is the verdict) nor for import statements (rules/auth/auth-removed.ts).

export type Verdict = 'break' | 'review' | 'unaffected';

const MOVES = new Set(['moved', 'renamed']);
const CLASS_KINDS = new Set(['class', 'protocol', 'type_alias']);

export function useVerdict(ctx: FileContext, use: UseFact): { verdict: Verdict; shape: UseShape } {
	const shape = useShape(use);
	const { entry } = use.resolved;
	if (entry.rule) {
		return { verdict: entry.status === 'watch' ? 'review' : entry.status === 'unchanged' ? 'unaffected' : 'break', shape };
	}
	switch (entry.status) {
		case 'unchanged':
			return { verdict: 'unaffected', shape };
		case 'watch':
			return { verdict: 'review', shape };
		case 'removed':
			return { verdict: 'break', shape };
		case 'moved':
		case 'renamed':
			// The import statement carries the break and the rewrite (which renames this use too);
			// a name reached through it (not a module attribute chain) changes nothing on its own line.
			return { verdict: !use.resolved.removedInV2 && use.via === 'import' && (use.expr?.type === 'identifier' || keptThroughImport(ctx, use)) ? 'unaffected' : 'break', shape };
		case 'signature_changed':
			return { verdict: changedVerdict(ctx, use, shape), shape };
	}
	return { verdict: 'break', shape };
}

/**
 * `base.UserMessage` where `from mcp.server.fastmcp.prompts import base` (or `import m as base`):
 * the import's rewrite keeps the local name and the module moves whole, so the chain works in V2
 * when the member keeps its name there. A plain `import mcp.server.fastmcp` chain spells the old
 * path on this line, so it breaks here.
 */
function keptThroughImport(ctx: FileContext, use: UseFact): boolean {
	let start = use.expr;
	while (start?.type === 'attribute' && start.childForFieldName('object')) {
		start = start.childForFieldName('object')!;
	}
	if (start?.type !== 'identifier') {
		return false;
	}
	const imports = ctx.binder.reaching(start.text, start).filter((b) => b.site?.kind === 'import');
	const keepsName = imports.length > 0 && imports.every((b) => {
		for (let n = b.node.parent; n; n = n.parent) {
			if (n.type === 'aliased_import' || n.type === 'import_from_statement') {
				return true;
			}
			if (n.type === 'import_statement') {
				return false;
			}
		}
		return false;
	});
	const { resolved } = use;
	const target = resolved.derived ? resolved.derivedTarget : resolved.entry.target;
	const last = (p: string) => p.slice(p.lastIndexOf('.') + 1);
	return keepsName && !!target && last(target) === last(resolved.fqn);
}

/** A use of something whose signature or behaviour changed: which shapes reach the change. */
function changedVerdict(ctx: FileContext, use: UseFact, shape: UseShape): Verdict {
	if (use.resolved.entry.quietUses || ctx.mcpResolvesV2) {
		// Already the V2 symbol (target 2), or a member whose only changes are its parameters.
		return 'unaffected';
	}
	if (shape === 'annotation') {
		return 'unaffected';
	}
	if (use.via === 'member' || !CLASS_KINDS.has(use.resolved.entry.kind)) {
		return 'break';
	}
	switch (shape) {
		case 'isinstance':
			return 'break';
		case 'call':
			// Constructor parameters with entries carry their own verdicts.
			return ctx.knowledge.paramsOf(use.resolved.fqn).length > 0 ? 'unaffected' : 'break';
		default:
			return 'unaffected';
	}
}

export function verdictSeverity(verdict: Verdict): Severity | undefined {
	return verdict === 'break' ? undefined : verdict === 'review' ? 'information' : 'hint';
}

/** The short message of a use with its verdict. */
export function useMessage(subject: string, resolved: Resolved, verdict: Verdict, shape: UseShape): string {
	const s = `\`${shortSubject(subject)}\``;
	const { entry } = resolved;
	if (verdict !== 'unaffected' || entry.status === 'removed' || resolved.removedInV2) {
		return fit(statusPhrase(resolved).map((p) => `${s} ${p}`));
	}
	if (MOVES.has(entry.status)) {
		const phrase = statusPhrase(resolved)[entry.status === 'renamed' ? 0 : 1];
		return fit([entry.status === 'renamed'
			? `${s} ${phrase}: the import's fix renames this use`
			: `${s}: only its import changes in V2`, `${s}: the import's fix covers this use`]);
	}
	if (entry.quietUses) {
		return `${s} works in V2 as used here`;
	}
	if (entry.status === 'signature_changed') {
		return shape === 'annotation'
			? `${s} changed in V2, but not for an annotation`
			: `${s} changed in V2; nothing this use touches changed`;
	}
	return `${s} is unchanged in V2`;
}
