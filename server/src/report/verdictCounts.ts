import type { Severity } from '../analysis/model';

// The one way findings are counted by verdict, so the editor's toast, its status item, the report
// and the CLI's figures agree: a finding at Error or Warning is a break (code that fails or
// misbehaves on the target mcp), Information is to review, Hint is unaffected (inventory).
// Not for deciding a finding's severity (the rules and settings do).

export interface VerdictCounts {
	breaks: number;
	review: number;
	unaffected: number;
}

export type Verdict = keyof VerdictCounts;

export function verdictOf(severity: Severity): Verdict {
	return severity === 'error' || severity === 'warning' ? 'breaks' : severity === 'information' ? 'review' : 'unaffected';
}

export function countVerdicts(severities: Iterable<Severity>): VerdictCounts {
	const counts: VerdictCounts = { breaks: 0, review: 0, unaffected: 0 };
	for (const s of severities) {
		counts[verdictOf(s)]++;
	}
	return counts;
}

/** "2 breaks, 5 to review, 9 unaffected". */
export function verdictText(counts: VerdictCounts): string {
	return `${counts.breaks} ${counts.breaks === 1 ? 'break' : 'breaks'}, ${counts.review} to review, ${counts.unaffected} unaffected`;
}
