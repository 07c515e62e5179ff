import type { Range, Severity } from '../analysis/model';
import type { FailOn } from './args';

// The CLI's result and its two renderings. The JSON shape is a contract (CI scripts parse it):
// {"version":1,"files":N,"diagnostics":[...]} sorted by file, then position.

export interface CliDiagnostic {
	/** Relative to the current directory, forward slashes. */
	file: string;
	range: Range;
	severity: Severity;
	code: string;
	message: string;
	symbol?: string;
	href: string;
	/** What --fix would do: 'safe' (a safe rewrite), 'review' (only with --unsafe-fixes); absent: nothing. */
	fix?: 'safe' | 'review';
	/** Each rewrite's title and safety, for --show-fixes. */
	fixTitles?: string[];
}

export interface ScanReport {
	files: number;
	diagnostics: CliDiagnostic[];
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function compareDiagnostics(a: CliDiagnostic, b: CliDiagnostic): number {
	return compareText(a.file, b.file)
		|| a.range.start.line - b.range.start.line
		|| a.range.start.character - b.range.start.character
		|| a.range.end.line - b.range.end.line
		|| a.range.end.character - b.range.end.character
		|| compareText(a.code, b.code)
		|| compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export function exitCode(report: ScanReport, failOn: FailOn): 0 | 1 {
	if (failOn === 'never') {
		return 0;
	}
	return report.diagnostics.some((d) => RANK[d.severity] >= RANK[failOn]) ? 1 : 0;
}

export function formatJson(report: ScanReport): string {
	const diagnostics = report.diagnostics.map((d) => ({
		file: d.file,
		range: d.range,
		severity: d.severity,
		code: d.code,
		message: d.message,
		symbol: d.symbol,
		href: d.href,
	}));
	return `${JSON.stringify({ version: 1, files: report.files, diagnostics }, null, 2)}\n`;
}

/** The one-line summary of a scan: counts by severity and how many files have findings. */
export function summary(report: ScanReport): string {
	const scanned = `${report.files} ${report.files === 1 ? 'file' : 'files'} scanned`;
	if (report.diagnostics.length === 0) {
		return `No findings; ${scanned}.`;
	}
	const counts = (['error', 'warning', 'information', 'hint'] as const)
		.map((s) => [s, report.diagnostics.filter((d) => d.severity === s).length] as const)
		.filter(([, n]) => n > 0)
		.map(([s, n]) => `${n} ${s === 'information' ? 'information' : n === 1 ? s : `${s}s`}`);
	const withFindings = new Set(report.diagnostics.map((d) => d.file)).size;
	const total = report.diagnostics.length;
	return `${total} ${total === 1 ? 'finding' : 'findings'} (${counts.join(', ')}) in ${withFindings} of ${scanned}.`;
}
