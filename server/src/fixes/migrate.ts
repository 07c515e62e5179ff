import type { Finding, TextReplacement } from '../analysis/model';
import { fixUntilStable } from './apply';
import { rewriteGuard, type SourceCheck } from './compileCheck';

// "Migrate this file to V2" (issue 18, item 3): every V2 rewrite of one file at once, the safe and
// the review ones, computed as if the project already ran mcp 2, so a target-1 project never gets
// a file that works on neither version (V1 imports next to `ctx.mcp_server`). The result is ONE
// replacement (the changed middle of the file), applied atomically by the editor or the CLI.
// Each round is checked by the compile guard, like --fix. Not for fix-all (fixes/apply.ts) and
// not a promise that the file is done: what needs a human stays flagged.

export interface Migration {
	/** The single edit from the current text to the migrated one. */
	edit: TextReplacement;
	text: string;
	/** Findings the rewrites removed. */
	fixed: number;
}

/**
 * `analyzeAsV2` is the engine with the caller's options and `mcpResolvesV2: true` (V2-only rewrites
 * are plain rewrites there); `check` is Engine.checkSource, for the compile guard.
 */
export function migrateToV2(text: string, analyzeAsV2: (text: string) => readonly Finding[], check: (text: string) => SourceCheck): Migration | undefined {
	const verify = rewriteGuard(check, text);
	const result = fixUntilStable(text, analyzeAsV2, { includeReview: true, verify });
	if (result.text === text) {
		return undefined;
	}
	return { edit: singleEdit(text, result.text), text: result.text, fixed: result.fixed };
}

/** The smallest one-span replacement turning `before` into `after` (common prefix and suffix kept). */
export function singleEdit(before: string, after: string): TextReplacement {
	let start = 0;
	while (start < before.length && start < after.length && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}
	let end = 0;
	while (end < before.length - start && end < after.length - start
		&& before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) {
		end++;
	}
	// Never split a surrogate pair (LSP positions are UTF-16 but a half pair is not text).
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) {
		start--;
	}
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) {
		end--;
	}
	return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
