import { ruleMeta } from '../rules';
import type { Severity } from '../analysis/model';
import { CliDiagnostic, ScanReport, summary } from './report';

// The human renderings of a scan, Ruff-like: `text` (one line per finding with its severity),
// `concise` (one line per finding, no severity), `grouped` (findings under their file), each with
// a `[*]` marker on findings `--fix` can rewrite and a closing "N fixable with --fix" line; and the
// `--statistics` table. Colour only when asked (a TTY without NO_COLOR: see useColor). NOT the
// place for the machine formats (report.ts: JSON; formats.ts: SARIF, GitHub).

export type TextStyle = 'text' | 'concise' | 'grouped';

export interface TextOptions {
	style: TextStyle;
	color: boolean;
	/** --quiet: the findings only, no summary. */
	quiet?: boolean;
	/** --show-fixes: each fixable finding's rewrites under it. */
	showFixes?: boolean;
}

/**
 * Colour on a terminal only, and never when NO_COLOR is set to anything (no-color.org);
 * FORCE_COLOR (anything but "0") asks for it on a pipe, as in Node and Ruff.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		return false;
	}
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') {
		return true;
	}
	return isTTY === true;
}

type Paint = (code: number, text: string) => string;
const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, information: 34, hint: 2 };

export function formatTextReport(report: ScanReport, options: TextOptions): string {
	const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
	const message = (d: CliDiagnostic) => d.message.replace(/\s*\r?\n\s*/g, ' ');
	const marker = (d: CliDiagnostic) => (d.fix === 'safe' ? `${paint(36, '[*]')} ` : '');
	const at = (d: CliDiagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;
	const severity = (d: CliDiagnostic) => paint(SEVERITY_COLOR[d.severity], d.severity);
	const fixes = (d: CliDiagnostic, indent: string) => (options.showFixes ? (d.fixTitles ?? []).map((t) => `${indent}${paint(36, 'fix:')} ${t}`) : []);
	const out: string[] = [];
	if (options.style === 'grouped') {
		const byFile = new Map<string, CliDiagnostic[]>();
		for (const d of report.diagnostics) {
			byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
		}
		for (const [file, diagnostics] of byFile) {
			out.push(`${paint(1, file)}:`);
			const width = Math.max(...diagnostics.map((d) => at(d).length));
			for (const d of diagnostics) {
				out.push(`  ${at(d).padEnd(width)} ${severity(d)} ${paint(1, d.code)} ${marker(d)}${message(d)}`, ...fixes(d, '    '));
			}
			out.push('');
		}
	} else {
		for (const d of report.diagnostics) {
			const head = `${paint(1, d.file)}:${at(d)}:`;
			out.push(options.style === 'concise'
				? `${head} ${paint(1, d.code)} ${marker(d)}${message(d)}`
				: `${head} ${severity(d)} ${paint(1, d.code)} ${marker(d)}${message(d)}`, ...fixes(d, '    '));
		}
	}
	if (!options.quiet) {
		out.push(summary(report), ...fixableLines(report, paint));
	}
	return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Ruff's closing lines: how many findings --fix (and --unsafe-fixes) would rewrite. */
function fixableLines(report: ScanReport, paint: Paint): string[] {
	const safe = report.diagnostics.filter((d) => d.fix === 'safe').length;
	const review = report.diagnostics.filter((d) => d.fix === 'review').length;
	return [
		...(safe > 0 ? [`${paint(36, '[*]')} ${safe} fixable with --fix.`] : []),
		...(review > 0 ? [`(${review} more fixable with --unsafe-fixes.)`] : []),
	];
}

export interface Statistic {
	code: string;
	name: string;
	count: number;
	/** Findings of the code that --fix rewrites (safe rewrites). */
	fixable: number;
}

/** Count per code, most frequent first (then by code), as `--statistics` prints it. */
export function statistics(report: ScanReport): Statistic[] {
	const byCode = new Map<string, Statistic>();
	for (const d of report.diagnostics) {
		const s = byCode.get(d.code) ?? { code: d.code, name: nameOf(d.code), count: 0, fixable: 0 };
		s.count++;
		s.fixable += d.fix === 'safe' ? 1 : 0;
		byCode.set(d.code, s);
	}
	return [...byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function nameOf(code: string): string {
	try {
		return ruleMeta(code).name;
	} catch {
		return '';
	}
}

/** `count  CODE  [*] name (n fixable)` per code, Ruff's --statistics columns. */
export function formatStatistics(stats: readonly Statistic[]): string {
	if (stats.length === 0) {
		return '';
	}
	const width = Math.max(...stats.map((s) => String(s.count).length));
	return `${stats.map((s) => `${String(s.count).padStart(width)}\t${s.code}\t${s.fixable > 0 ? '[*]' : '[ ]'} ${s.name}${s.fixable > 0 ? ` (${s.fixable} fixable)` : ''}`).join('\n')}\n`;
}
