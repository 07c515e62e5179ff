import type { Finding, V2Status } from '../analysis/model';
import { codeSpan, escapeMarkdownText, LinkPolicy, markdownLink } from '../markdown/inert';
import { ruleMeta } from '../rules';
import { countVerdicts, VerdictCounts, verdictText } from './verdictCounts';

// The auth API-surface report, shared by `mcp-auth-hints report` and the editor command "Export
// Auth API Surface Report": every mcp auth / resources symbol the project uses with its V2
// verdict, how often and where; the mcp version constraints the manifests declare and what a lock
// file or a venv resolves (and the files that could not be used, with why); the findings counted
// by verdict as the CLI and the Problems panel count them. Pure: the callers decide how a location
// is written and linked (relative paths in the CLI, workspace-relative `/path#L12` in the editor,
// which VS Code's Markdown preview opens at the line). Lists, not tables, so it fits any width.

export interface SurfaceFinding {
	finding: Finding;
	/** How the location is shown: "src/app.py:12" or "nb.ipynb#cell=2:3". */
	location: string;
	/** Link target for the location (a relative path with #L12). */
	link: string;
}

export interface SurfaceConstraint {
	file: string;
	section: string;
	requirement: string;
	specifier: string;
	admitsV2: boolean;
	unparsable?: string;
}

export interface SurfaceResolved {
	file: string;
	version: string;
	source: 'uv.lock' | 'poetry.lock' | 'venv';
}

export interface SurfaceInput {
	title?: string;
	files: number;
	findings: readonly SurfaceFinding[];
	constraints: readonly SurfaceConstraint[];
	resolved: readonly SurfaceResolved[];
	/** Whether the project resolves mcp >= 2 (computed with PEP 440 by the caller). */
	resolvesV2: boolean;
	/** Manifests and lock files that could not be used, each with the reason. */
	problems?: readonly string[];
}

export interface SurfaceSymbol {
	symbol: string;
	status: V2Status;
	verdict: string;
	/** Distinct places (location strings) the symbol is used. */
	count: number;
	codes: string[];
	note?: string;
	locations: { location: string; link: string }[];
}

export interface SurfaceOther {
	code: string;
	rule: string;
	count: number;
	locations: { location: string; link: string }[];
}

export interface SurfaceReport {
	version: 1;
	title: string;
	files: number;
	summary: { symbols: number; unchanged: number; needChanges: number; removed: number; watch: number; text: string };
	/** Every finding counted by verdict (breaks = Error and Warning, review = Information, unaffected = Hint). */
	findings: VerdictCounts;
	symbols: SurfaceSymbol[];
	otherFindings: SurfaceOther[];
	constraints: SurfaceConstraint[];
	resolved: SurfaceResolved[];
	resolvesV2: boolean;
	problems: string[];
}

const VERDICT: Record<V2Status, string> = {
	unchanged: 'unchanged',
	signature_changed: 'signature changed',
	moved: 'moved',
	renamed: 'renamed',
	removed: 'removed',
	watch: 'deprecated after 2.0 (watch)',
	added: 'added in V2',
};

const STATUS_ORDER: V2Status[] = ['removed', 'moved', 'renamed', 'signature_changed', 'added', 'watch', 'unchanged'];

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocation(a: string, b: string): number {
	const split = (s: string) => {
		const i = s.lastIndexOf(':');
		return [s.slice(0, i), Number(s.slice(i + 1))] as const;
	};
	const [fa, la] = split(a);
	const [fb, lb] = split(b);
	return compareText(fa, fb) || la - lb;
}

export function buildSurface(input: SurfaceInput): SurfaceReport {
	const bySymbol = new Map<string, { symbol: string; status: V2Status; codes: Set<string>; note?: string; places: Map<string, string> }>();
	const byCode = new Map<string, Map<string, string>>();
	for (const { finding, location, link } of input.findings) {
		if (finding.symbol && finding.status) {
			const key = `${finding.symbol}\u0000${finding.status}`;
			let entry = bySymbol.get(key);
			if (!entry) {
				entry = { symbol: finding.symbol, status: finding.status, codes: new Set(), note: finding.noteId, places: new Map() };
				bySymbol.set(key, entry);
			}
			entry.codes.add(finding.code);
			entry.places.set(location, link);
		} else {
			let places = byCode.get(finding.code);
			if (!places) {
				places = new Map();
				byCode.set(finding.code, places);
			}
			places.set(location, link);
		}
	}
	const locations = (places: Map<string, string>) => [...places].sort((a, b) => compareLocation(a[0], b[0])).map(([location, link]) => ({ location, link }));
	const symbols: SurfaceSymbol[] = [...bySymbol.values()].map((e) => ({
		symbol: e.symbol,
		status: e.status,
		verdict: VERDICT[e.status],
		count: e.places.size,
		codes: [...e.codes].sort(),
		note: e.note,
		locations: locations(e.places),
	})).sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || compareText(a.symbol, b.symbol));
	const otherFindings: SurfaceOther[] = [...byCode].map(([code, places]) => ({ code, rule: ruleMeta(code).name, count: places.size, locations: locations(places) }))
		.sort((a, b) => compareText(a.code, b.code));
	const count = (...statuses: V2Status[]) => symbols.filter((s) => statuses.includes(s.status)).length;
	const unchanged = count('unchanged');
	const needChanges = count('signature_changed', 'moved', 'renamed');
	const removed = count('removed');
	const watch = count('watch');
	const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
	let text = `${plural(unchanged, 'symbol', 'symbols')} unchanged, ${needChanges} ${needChanges === 1 ? 'needs' : 'need'} changes, ${removed} removed`;
	if (watch > 0) {
		text += `, ${watch} deprecated after 2.0`;
	}
	const resolved = [...input.resolved].sort((a, b) => compareText(a.file, b.file));
	return {
		version: 1,
		title: input.title ?? 'MCP auth API surface',
		files: input.files,
		summary: { symbols: symbols.length, unchanged, needChanges, removed, watch, text },
		findings: countVerdicts(input.findings.map((f) => f.finding.severity)),
		symbols,
		otherFindings,
		constraints: [...input.constraints].sort((a, b) => compareText(a.file, b.file)),
		resolved,
		resolvesV2: input.resolvesV2,
		problems: [...(input.problems ?? [])],
	};
}

/** The report links locations with relative paths (`/`-rooted in the editor), never anything else. */
const REPORT_LINKS: LinkPolicy = { relative: true };

/** At most this many locations per symbol or rule; the rest is counted. */
const MAX_LOCATIONS = 10;

/**
 * Markdown for a file, a preview or a pull-request comment. File names, sections, requirements,
 * versions and symbols come from the workspace, so each is escaped (or put in a code span) and
 * each link goes through the shared sanitizer: a crafted file name stays text.
 */
export function renderMarkdown(report: SurfaceReport): string {
	const text = escapeMarkdownText;
	const link = (l: { location: string; link: string }) => markdownLink(l.location, l.link, REPORT_LINKS);
	const where = (locations: readonly { location: string; link: string }[]) => [
		...locations.slice(0, MAX_LOCATIONS).map((l) => `- ${link(l)}`),
		...(locations.length > MAX_LOCATIONS ? [`- … ${locations.length - MAX_LOCATIONS} more`] : []),
	];
	const out: string[] = [];
	out.push(`# ${text(report.title)}`, '');
	out.push(`**Findings:** ${verdictText(report.findings)} (breaks are Errors and Warnings, to review is Information, unaffected is Hint).`, '');
	out.push(`**Verdict summary:** ${report.summary.text}.`, '');
	out.push(`${report.files} ${report.files === 1 ? 'file' : 'files'} scanned; ${report.summary.symbols} mcp ${report.summary.symbols === 1 ? 'symbol' : 'symbols'} in use.`, '');

	out.push('## mcp version', '');
	if (report.constraints.length === 0) {
		out.push('No mcp requirement found in pyproject.toml or requirements*.txt.', '');
	} else {
		for (const c of report.constraints) {
			const admits = c.unparsable ? `unknown (${text(c.unparsable)})` : c.admitsV2 ? 'yes' : 'no';
			out.push(`- ${text(c.file)} (${text(c.section)}): ${codeSpan(c.requirement)}, admits 2.x: ${admits}`);
		}
		out.push('');
	}
	if (report.resolved.length === 0) {
		out.push('Resolved version: none found (no uv.lock, poetry.lock or .venv/venv with an mcp dist-info).', '');
	} else {
		for (const r of report.resolved) {
			out.push(`- ${r.source === 'venv' ? 'Installed' : 'Locked'}: mcp ${text(r.version)} (${text(r.file)})`);
		}
		out.push('');
		if (report.resolvesV2) {
			out.push('The project resolves mcp 2.x: imports of removed or moved names fail at start-up (MCP103 is an Error).', '');
		}
	}
	if (report.problems.length > 0) {
		out.push('Files not used:', '');
		out.push(...report.problems.map((p) => `- ${text(p)}`), '');
	}

	out.push('## Symbols', '');
	if (report.symbols.length === 0) {
		out.push('No mcp auth or resources symbol is used.', '');
	}
	for (const s of report.symbols) {
		out.push(`### ${codeSpan(s.symbol)}`, '');
		out.push(`${s.verdict} · ${s.count} ${s.count === 1 ? 'place' : 'places'} · ${s.codes.join(', ')}`, '');
		out.push(...where(s.locations), '');
	}
	if (report.otherFindings.length > 0) {
		out.push('## Other findings', '');
		for (const o of report.otherFindings) {
			out.push(`### ${o.code} ${o.rule}`, '');
			out.push(`${o.count} ${o.count === 1 ? 'place' : 'places'}`, '');
			out.push(...where(o.locations), '');
		}
	}
	return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

export function renderJson(report: SurfaceReport): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}
