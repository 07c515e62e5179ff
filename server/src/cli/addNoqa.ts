import type { Finding, Fix, Severity } from '../analysis/model';

// `scan --add-noqa` (Ruff's): start green on a legacy codebase. Every finding at or above the
// fail-on severity gets `# noqa: CODE` on its line (merged into a noqa comment already there, one
// code once), through the --fix machinery (cli/fix.ts): the same safe write, the same compile
// guard, the same rounds until nothing changes (so a second run adds nothing). New breaks written
// later are not covered and fail the scan again. Not a baseline file, and never a rewrite of code.

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export type FailLevel = Severity | 'never';

/**
 * The findings as the fix loop sees them: the ones at or above `failOn` carry their line's noqa
 * edit as their only (safe) fix; the others carry none.
 */
export function noqaFixes(findings: readonly Finding[], failOn: FailLevel): Finding[] {
	return findings.map((f) => {
		const line = f.suppress?.line;
		const fix: Fix | undefined = failOn !== 'never' && RANK[f.severity] >= RANK[failOn] && line
			? { title: `Add # noqa: ${f.code}`, safety: 'safe', edits: [{ span: line.span, newText: line.newText }] }
			: undefined;
		return { ...f, fixes: fix ? [fix] : [] };
	});
}
