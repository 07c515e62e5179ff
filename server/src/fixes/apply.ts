import type { Finding, Fix, TextReplacement } from '../analysis/model';

// Fix-all: picks which fixes of a file's findings apply together and applies them. Deterministic:
// fixes are taken in finding order (span, then code), each fix is all-or-nothing, an edit identical
// to one already taken is shared, and a fix with an edit that overlaps a taken one is dropped (the
// next round picks it up, as Ruff does). Insertions at the same offset are kept in the order taken.

export interface FixOptions {
	/** Include 'review' fixes (CLI --unsafe-fixes, mcpAuthHints.fixAll.includeReviewFixes). */
	includeReview: boolean;
	/**
	 * The guard (fixUntilStable only): why a candidate text must not be written, or undefined when it
	 * may. See Engine.rewriteGuard: new syntax errors or new compile problems (fixes/compileCheck.ts).
	 */
	verify?: (text: string) => string | undefined;
}

export interface Interval {
	start: number;
	end: number;
	/** Edits on different documents (notebook cells) never overlap. */
	doc?: string;
}

/** Overlap of two edits' ranges; two insertions at the same point or touching ranges do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
	if (a.doc !== b.doc) {
		return false;
	}
	if (a.start === a.end && b.start === b.end) {
		return false;
	}
	if (a.start === a.end) {
		return b.start < a.start && a.start < b.end;
	}
	if (b.start === b.end) {
		return a.start < b.start && b.start < a.end;
	}
	return a.start < b.end && b.start < a.end;
}

/**
 * The fixes that apply together, in order. Generic over the edit type so the language server can
 * merge edits in document positions the same way (`interval` maps an edit to comparable numbers).
 */
export function selectFixes<E extends { newText: string }>(
	fixes: readonly { safety: 'safe' | 'review'; edits: readonly E[] }[],
	interval: (e: E) => Interval,
	options: FixOptions,
): E[] {
	const taken: { iv: Interval; edit: E; key: string }[] = [];
	const keys = new Set<string>();
	const keyOf = (e: E) => {
		const iv = interval(e);
		return `${iv.doc ?? ''}:${iv.start}:${iv.end}:${e.newText}`;
	};
	for (const fix of fixes) {
		if (fix.safety === 'review' && !options.includeReview) {
			continue;
		}
		const fresh = fix.edits.filter((e) => !keys.has(keyOf(e)));
		const fixKeys = new Set<string>();
		let ok = fresh.length > 0;
		for (const e of fresh) {
			const iv = interval(e);
			const key = keyOf(e);
			if (fixKeys.has(key)) {
				continue;
			}
			fixKeys.add(key);
			if (taken.some((t) => overlaps(t.iv, iv)) || fresh.some((o) => o !== e && keyOf(o) !== key && overlaps(interval(o), iv))) {
				ok = false;
				break;
			}
		}
		if (!ok) {
			continue;
		}
		for (const e of fresh) {
			const key = keyOf(e);
			if (!keys.has(key)) {
				keys.add(key);
				taken.push({ iv: interval(e), edit: e, key });
			}
		}
	}
	return taken.map((t) => t.edit);
}

/** The fixes of a file's findings, in finding order. */
export function fixesOf(findings: readonly Finding[]): Fix[] {
	return findings.flatMap((f) => f.fixes);
}

/** Applies non-overlapping edits (as selected above); same-offset insertions keep their order. */
export function applyEdits(text: string, edits: readonly TextReplacement[]): string {
	const ordered = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
	let out = '';
	let at = 0;
	for (const { e } of ordered) {
		out += text.slice(at, e.span.start) + e.newText;
		at = Math.max(at, e.span.end);
	}
	return out + text.slice(at);
}

/** One round: the selected edits of these findings applied to `text`. */
export function applyFixRound(text: string, findings: readonly Finding[], options: FixOptions): { text: string; applied: number } {
	const edits = selectFixes(fixesOf(findings), (e: TextReplacement) => e.span, options);
	if (edits.length === 0) {
		return { text, applied: 0 };
	}
	return { text: applyEdits(text, edits), applied: edits.length };
}

/**
 * selectFixes under a guard: when `refuse` objects to the whole selection, the fixes are taken one
 * at a time (in order) and each is kept only when the selection with it is still accepted, so one
 * bad rewrite does not cost the others. `refuse` says why a set of edits must not be applied, or
 * undefined. Shared by the CLI (fixUntilStable) and the language server's fix-all.
 */
export function selectGuardedFixes<E extends { newText: string }, F extends { safety: 'safe' | 'review'; edits: readonly E[] }>(
	fixes: readonly F[],
	interval: (e: E) => Interval,
	options: FixOptions,
	refuse: (edits: E[]) => string | undefined,
	onRefused?: (fix: F, reason: string) => void,
): E[] {
	const all = selectFixes(fixes, interval, options);
	if (all.length === 0 || refuse(all) === undefined) {
		return all;
	}
	const kept: F[] = [];
	let keptEdits: E[] = [];
	for (const fix of fixes) {
		if (fix.safety === 'review' && !options.includeReview) {
			continue;
		}
		// The selection is greedy in order, so adding a last fix never drops an earlier one's edits.
		const trial = selectFixes([...kept, fix], interval, options);
		if (trial.length === keptEdits.length) {
			// Overlaps a kept fix (the next round retries it) or repeats its edits.
			continue;
		}
		const why = refuse(trial);
		if (why !== undefined) {
			onRefused?.(fix, why);
			continue;
		}
		kept.push(fix);
		keptEdits = trial;
	}
	return keptEdits;
}

export const MAX_FIX_ROUNDS = 10;

/** A rewrite the guard (FixOptions.verify) refused. */
export interface RefusedFix {
	title: string;
	reason: string;
}

/**
 * Fixes until nothing changes (at most MAX_FIX_ROUNDS rounds), re-analysing after each round, so a
 * second run finds nothing left to do. `analyze` is the engine (with the caller's options). With
 * `options.verify`, a round whose text the guard refuses is redone fix by fix, keeping each fix only
 * when the text stays acceptable, so one bad rewrite does not cost the file its other fixes;
 * `refused` lists the rewrites the guard refused, with its reason (each pair once).
 */
export function fixUntilStable(text: string, analyze: (text: string) => readonly Finding[], options: FixOptions): { text: string; rounds: number; fixed: number; refused: RefusedFix[] } {
	let current = text;
	let findings = analyze(current);
	const initial = findings;
	const refused = new Map<string, RefusedFix>();
	const verify = options.verify;
	let rounds = 0;
	while (rounds < MAX_FIX_ROUNDS) {
		const base = current;
		const edits = selectGuardedFixes(fixesOf(findings), (e: TextReplacement) => e.span, options,
			(candidate) => verify?.(applyEdits(base, candidate)),
			(fix, reason) => refused.set(JSON.stringify([fix.title, reason]), { title: fix.title, reason }));
		const next = applyEdits(current, edits);
		if (next === current) {
			break;
		}
		rounds++;
		current = next;
		findings = analyze(current);
	}
	return { text: current, rounds, fixed: goneFrom(initial, findings), refused: [...refused.values()] };
}

/**
 * How many of the first findings are gone at the end, matched by code and message (positions
 * move under edits). Findings the rewrite brings (an MCPServer import's own inventory line) do
 * not offset the ones it fixed.
 */
function goneFrom(before: readonly Finding[], after: readonly Finding[]): number {
	const left = new Map<string, number>();
	for (const f of after) {
		const key = `${f.code}\u0000${f.message}`;
		left.set(key, (left.get(key) ?? 0) + 1);
	}
	let gone = 0;
	for (const f of before) {
		const key = `${f.code}\u0000${f.message}`;
		const n = left.get(key) ?? 0;
		if (n > 0) {
			left.set(key, n - 1);
		} else {
			gone++;
		}
	}
	return gone;
}
