import type { Severity } from '../analysis/model';
import { RULE_METAS as RULES } from '../rules';
import type { CliDiagnostic, ScanReport } from './report';
import { ruleHelp } from './ruleHelp';

// The CI renderings of a scan: SARIF 2.1.0 (code-scanning uploads) and GitHub workflow
// annotations (`::warning file=...::message`). A notebook finding's file is "x.ipynb#cell=N" in
// the text and JSON output; here the artifact is the .ipynb itself and the cell is named in the
// message (SARIF also carries it as a property), since neither consumer knows notebook cells.

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://py.sdk.modelcontextprotocol.io/migration/';

export interface SarifOptions {
	toolVersion: string;
	/**
	 * Base of the public rule pages (`${rulesBaseUri}/MCP101.md`), or undefined when the project has
	 * no public URL to give: then no rule has a `helpUri` (the help is inline anyway).
	 */
	rulesBaseUri?: string;
	/** Absolute directory the file paths are relative to (the scan's cwd), as a file: URI ending in "/". */
	srcRoot?: string;
}

function splitCell(file: string): { path: string; cell?: number } {
	const m = /^(.*)#cell=(\d+)$/.exec(file);
	return m ? { path: m[1], cell: Number(m[2]) } : { path: file };
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(report: ScanReport, options: SarifOptions): string {
	const rules = RULES.map((r) => ({
		id: r.code,
		name: r.name,
		shortDescription: { text: r.summary },
		// Code scanning shows `help` on the alert; inline, so it works without any web link.
		...(ruleHelp(r.code) ? { help: ruleHelp(r.code) } : {}),
		...(options.rulesBaseUri ? { helpUri: `${options.rulesBaseUri}/${r.code}.md` } : {}),
		defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
		properties: { tags: ['mcp', ...(r.security ? ['security'] : [])] },
	}));
	const index = new Map(RULES.map((r, i) => [r.code, i]));
	const results = report.diagnostics.map((d) => {
		const { path, cell } = splitCell(d.file);
		return {
			ruleId: d.code,
			ruleIndex: index.get(d.code) ?? 0,
			level: SARIF_LEVEL[d.severity],
			message: { text: cell === undefined ? d.message : `cell ${cell}: ${d.message}` },
			locations: [{
				physicalLocation: {
					artifactLocation: { uri: encodeURI(path), ...(options.srcRoot ? { uriBaseId: '%SRCROOT%' } : {}) },
					region: {
						startLine: d.range.start.line + 1,
						startColumn: d.range.start.character + 1,
						endLine: d.range.end.line + 1,
						endColumn: d.range.end.character + 1,
					},
				},
			}],
			...(d.href ? { properties: { href: d.href, severity: d.severity, ...(d.symbol ? { symbol: d.symbol } : {}), ...(cell !== undefined ? { notebookCell: cell } : {}) } } : {}),
		};
	});
	const log = {
		$schema: SARIF_SCHEMA,
		version: '2.1.0',
		runs: [{
			tool: { driver: { name: 'mcp-auth-hints', version: options.toolVersion, informationUri: INFORMATION_URI, rules } },
			...(options.srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRoot } } } : {}),
			results,
		}],
	};
	return `${JSON.stringify(log, null, 2)}\n`;
}

const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' }; // the last two are filtered out below

function escapeData(s: string): string {
	return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
	return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One workflow command per error or warning; GitHub shows them as annotations on the pull request.
 * Information and hints are left out: GitHub shows only a few annotations per step, and a hundred
 * notices for unchanged APIs would push the real breaks out of sight.
 */
export function formatGithub(report: ScanReport): string {
	const shown = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
	const lines = shown.map((d: CliDiagnostic) => {
		const { path, cell } = splitCell(d.file);
		const props = [
			`file=${escapeProperty(path)}`,
			`line=${d.range.start.line + 1}`,
			`col=${d.range.start.character + 1}`,
			`endLine=${d.range.end.line + 1}`,
			`endColumn=${d.range.end.character + 1}`,
			`title=${escapeProperty(`mcp-auth-hints (${d.code})`)}`,
		].join(',');
		const message = cell === undefined ? d.message : `cell ${cell}: ${d.message}`;
		return `::${GITHUB_LEVEL[d.severity]} ${props}::${escapeData(message)}`;
	});
	return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
