import * as fs from 'fs';
import * as path from 'path';
import { satisfies, valid, gte } from '@renovatebot/pep440';
import { parse as parseToml } from 'smol-toml';
import type { Span } from '../analysis/model';
import { bundledReleases } from '../knowledge';

// The project's mcp requirement, where it is declared and what resolves: pyproject.toml
// ([project.dependencies], [project.optional-dependencies], [tool.poetry.dependencies]),
// requirements*.txt (following -r includes), uv.lock / poetry.lock and an mcp-*.dist-info in
// .venv/venv. TOML goes through smol-toml and every specifier through @renovatebot/pep440; only
// the requirement's name is taken with a regex (PEP 508 names are a fixed, simple shape). smol-toml
// gives no positions, so a requirement's span is found by searching for its exact quoted text.

export type ManifestKind = 'pyproject' | 'requirements' | 'uv.lock' | 'poetry.lock';

export interface McpRequirement {
	/** Absolute path of the manifest. */
	file: string;
	/** Where in the manifest: "project.dependencies", "project.optional-dependencies.dev", "tool.poetry.dependencies", "requirements". */
	section: string;
	/** The requirement as written ("mcp[cli]>=1.9,<2"). */
	text: string;
	/** The PEP 440 specifier ("" admits every version; Poetry constraints are translated). */
	specifier: string;
	/** Span of the requirement in the manifest text (UTF-16 offsets). */
	span: Span;
	/** Whether the range admits a 2.x release / a 1.x release. */
	admitsV2: boolean;
	admitsV1: boolean;
	/** Requirements that could not be evaluated (URL requirements, invalid specifiers). */
	unparsable?: string;
}

export interface ResolvedVersion {
	file: string;
	version: string;
	source: 'uv.lock' | 'poetry.lock' | 'venv';
}

export function manifestKind(fileName: string): ManifestKind | undefined {
	const base = fileName.toLowerCase();
	if (base === 'pyproject.toml') {
		return 'pyproject';
	}
	if (base === 'uv.lock') {
		return 'uv.lock';
	}
	if (base === 'poetry.lock') {
		return 'poetry.lock';
	}
	if (/^requirements.*\.txt$/.test(base)) {
		return 'requirements';
	}
	return undefined;
}

/** Normalised distribution name (PEP 503). */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// Versions a requirement is tested against: every release the SDK facts table read (1.0.0 through
// 1.29.0 and 2.0.0 today, so `mcp==1.29.0` admits a 1.x release), plus versions that do not exist
// yet, so ranges written for future releases (`>=2.4`, `<1.30`) are judged too.
// Read straight from the facts table: indexing the whole knowledge here cost every CLI and server
// start ~100 ms before its first message (this module loads with the project pipeline).
const RELEASES = bundledReleases();
const V2_PROBES = [...new Set([...RELEASES.filter((r) => r.startsWith('2.')), '2.0.1', '2.1.0', '2.2.0', '2.3.0', '2.5.0', '2.10.0', '2.99.0'])];
const V1_PROBES = [...new Set([...RELEASES.filter((r) => r.startsWith('1.')), '1.30.0', '1.99.0'])];

function admits(specifier: string, probes: readonly string[]): boolean {
	return probes.some((v) => satisfies(v, specifier));
}

/** Verdicts by specifier: a manifest repeats a few specifiers, and each costs ~20 PEP 440 checks. */
const verdicts = new Map<string, { admitsV2: boolean; admitsV1: boolean } | undefined>();

function evaluate(specifier: string): { admitsV2: boolean; admitsV1: boolean } | undefined {
	if (verdicts.has(specifier)) {
		return verdicts.get(specifier);
	}
	const verdict = evaluateUncached(specifier);
	if (verdicts.size >= 4096) {
		verdicts.clear();
	}
	verdicts.set(specifier, verdict);
	return verdict;
}

function evaluateUncached(specifier: string): { admitsV2: boolean; admitsV1: boolean } | undefined {
	if (specifier.trim() === '') {
		return { admitsV2: true, admitsV1: true };
	}
	try {
		// An invalid specifier makes satisfies() false for everything; tell it apart from "nothing admitted".
		if (!['0.0.1', ...V1_PROBES, ...V2_PROBES, '3.0.0', '10.0.0'].some((v) => satisfies(v, specifier)) && !/[<>=!~]/.test(specifier)) {
			return undefined;
		}
		return { admitsV2: admits(specifier, V2_PROBES), admitsV1: admits(specifier, V1_PROBES) };
	} catch {
		return undefined;
	}
}

/** `mcp[cli] >= 1.9, <2 ; python_version >= "3.10"` → its name and specifier (undefined for other shapes). */
export function splitRequirement(requirement: string): { name: string; specifier: string; url?: string } | undefined {
	const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s.exec(requirement);
	if (!m) {
		return undefined;
	}
	let rest = m[3];
	const marker = rest.indexOf(';');
	if (marker !== -1) {
		rest = rest.slice(0, marker);
	}
	rest = rest.trim();
	if (rest.startsWith('@')) {
		return { name: m[1], specifier: '', url: rest.slice(1).trim() };
	}
	// PEP 508 allows the specifier in parentheses: `mcp (>=1.9)`.
	if (rest.startsWith('(') && rest.endsWith(')')) {
		rest = rest.slice(1, -1).trim();
	}
	return { name: m[1], specifier: rest.replace(/\s+/g, '') };
}

/** Poetry's `^1.9`, `~1.9`, `1.9.*`, `*` and plain PEP 440 sets → a PEP 440 specifier. */
export function poetryToPep440(constraint: string): string {
	return constraint.split(',').map((part) => part.trim()).filter((p) => p && p !== '*').map((part) => {
		const caret = /^\^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(part);
		if (caret) {
			const [maj, min, pat] = [Number(caret[1]), caret[2] === undefined ? undefined : Number(caret[2]), caret[3]];
			const upper = maj > 0 ? `${maj + 1}` : min !== undefined && min > 0 ? `0.${min + 1}` : pat !== undefined ? `0.0.${Number(pat) + 1}` : '1';
			return `>=${part.replace(/^\^\s*/, '')},<${upper}`;
		}
		const tilde = /^~(?!=)\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(part);
		if (tilde) {
			const maj = Number(tilde[1]);
			const upper = tilde[2] === undefined ? `${maj + 1}` : `${maj}.${Number(tilde[2]) + 1}`;
			return `>=${part.replace(/^~\s*/, '')},<${upper}`;
		}
		if (/^\d/.test(part)) {
			return `==${part}`;
		}
		return part.replace(/\s+/g, '');
	}).join(',');
}

function requirement(file: string, section: string, text: string, specifier: string, span: Span, url?: string): McpRequirement {
	if (url) {
		return { file, section, text, specifier: '', span, admitsV2: false, admitsV1: false, unparsable: `direct reference ${url}` };
	}
	const verdict = evaluate(specifier);
	if (!verdict) {
		return { file, section, text, specifier, span, admitsV2: false, admitsV1: false, unparsable: `invalid specifier "${specifier}"` };
	}
	return { file, section, text, specifier, span, ...verdict };
}

/**
 * Finds requirements' quoted text in a manifest, in order: each search starts where the previous
 * one in the same list ended, so 20k entries cost one pass over the text, not 20k. A value not
 * found after that point (escapes, inline tables) is looked for from the start of the file, but
 * only a bounded number of times, so crafted escapes cannot make parsing quadratic again.
 */
class QuotedLocator {
	private rescans = 0;
	private static readonly MAX_RESCANS = 64;

	constructor(private readonly text: string) {}

	/** Span of the first quoted occurrence of `value` at or after `from` (else from 0, else 0..0). */
	locate(value: string, from: number): Span {
		const found = this.find(value, from);
		if (found || from === 0 || this.rescans >= QuotedLocator.MAX_RESCANS) {
			return found ?? { start: 0, end: 0 };
		}
		this.rescans++;
		return this.find(value, 0) ?? { start: 0, end: 0 };
	}

	/** A double-quoted occurrence first, as TOML writers mostly quote that way; then a single-quoted one. */
	private find(value: string, from: number): Span | undefined {
		for (const quote of ['"', "'"]) {
			const at = this.text.indexOf(`${quote}${value}${quote}`, from);
			if (at !== -1) {
				return { start: at + 1, end: at + 1 + value.length };
			}
		}
		return undefined;
	}
}

/** Offset of a `[table]` header (or 0), so a quoted requirement is looked for in its own table first. */
function headerOffset(text: string, table: string): number {
	const escaped = table.replace(/\./g, '\\s*\\.\\s*');
	const m = new RegExp(`^\\s*\\[\\s*${escaped}\\s*\\]`, 'm').exec(text);
	return m ? m.index : 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ManifestParse {
	requirements: McpRequirement[];
	/** Other requirement files named by `-r` / `--requirement` (absolute). */
	includes: string[];
	resolved?: ResolvedVersion;
	/** A parse error, reported once; the rest of the scan goes on. */
	problem?: string;
}

export function parseManifest(file: string, text: string): ManifestParse {
	const kind = manifestKind(path.basename(file));
	try {
		switch (kind) {
			case 'pyproject': return { requirements: parsePyproject(file, text), includes: [] };
			case 'requirements': return parseRequirements(file, text);
			case 'uv.lock':
			case 'poetry.lock': return { requirements: [], includes: [], resolved: parseLock(file, text, kind) };
			default: return { requirements: [], includes: [] };
		}
	} catch (err) {
		return { requirements: [], includes: [], problem: `cannot parse ${path.basename(file)}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
	}
}

function parsePyproject(file: string, text: string): McpRequirement[] {
	const doc = parseToml(text) as Record<string, unknown>;
	const out: McpRequirement[] = [];
	const quoted = new QuotedLocator(text);
	const fromList = (list: unknown, section: string, table: string) => {
		if (!Array.isArray(list)) {
			return;
		}
		let from = headerOffset(text, table);
		for (const item of list) {
			if (typeof item !== 'string') {
				continue;
			}
			const parts = splitRequirement(item);
			if (parts && normalizeName(parts.name) === 'mcp') {
				const span = quoted.locate(item, from);
				from = Math.max(from, span.end);
				out.push(requirement(file, section, item, parts.specifier, span, parts.url));
			}
		}
	};
	const project = isRecord(doc.project) ? doc.project : undefined;
	if (project) {
		fromList(project.dependencies, 'project.dependencies', 'project');
		if (isRecord(project['optional-dependencies'])) {
			for (const [extra, list] of Object.entries(project['optional-dependencies'])) {
				fromList(list, `project.optional-dependencies.${extra}`, 'project.optional-dependencies');
			}
		}
	}
	const tool = isRecord(doc.tool) ? doc.tool : undefined;
	const poetry = tool && isRecord(tool.poetry) ? tool.poetry : undefined;
	const poetryTables: [string, unknown][] = [];
	if (poetry) {
		poetryTables.push(['tool.poetry.dependencies', poetry.dependencies]);
		if (isRecord(poetry.group)) {
			for (const [group, def] of Object.entries(poetry.group)) {
				if (isRecord(def)) {
					poetryTables.push([`tool.poetry.group.${group}.dependencies`, def.dependencies]);
				}
			}
		}
	}
	for (const [section, deps] of poetryTables) {
		if (!isRecord(deps)) {
			continue;
		}
		for (const [name, value] of Object.entries(deps)) {
			if (normalizeName(name) !== 'mcp') {
				continue;
			}
			const constraint = typeof value === 'string' ? value : isRecord(value) && typeof value.version === 'string' ? value.version : undefined;
			const from = headerOffset(text, section);
			const span = constraint !== undefined ? quoted.locate(constraint, from) : locateKey(text, name, from);
			const url = isRecord(value) && (typeof value.git === 'string' || typeof value.path === 'string' || typeof value.url === 'string')
				? String(value.git ?? value.path ?? value.url) : undefined;
			out.push(requirement(file, section, `${name} = ${JSON.stringify(constraint ?? value)}`, poetryToPep440(constraint ?? '*'), span, url));
		}
	}
	return out;
}

function locateKey(text: string, key: string, from: number): Span {
	const re = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`, 'mg');
	re.lastIndex = from;
	const m = re.exec(text);
	if (!m) {
		return { start: 0, end: 0 };
	}
	const start = m.index + m[0].search(/\S/);
	return { start, end: start + key.length + (text[start] === '"' || text[start] === "'" ? 2 : 0) };
}

/** requirements*.txt: one requirement per logical line (backslash continuations joined), comments dropped. */
function parseRequirements(file: string, text: string): ManifestParse {
	const requirements: McpRequirement[] = [];
	const includes: string[] = [];
	const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
	let logical = '';
	let logicalStart = -1;
	for (let m = lineRe.exec(text); m && m[0] !== ''; m = lineRe.exec(text)) {
		const raw = m[0].replace(/[\r\n]+$/, '');
		if (logicalStart === -1) {
			logicalStart = m.index;
		}
		if (raw.endsWith('\\')) {
			logical += `${raw.slice(0, -1)} `;
			continue;
		}
		logical += raw;
		handleLine(logical, logicalStart);
		logical = '';
		logicalStart = -1;
	}
	if (logicalStart !== -1) {
		handleLine(logical, logicalStart);
	}
	return { requirements, includes };

	function handleLine(line: string, start: number): void {
		const comment = line.search(/(^|\s)#/);
		const body = (comment === -1 ? line : line.slice(0, comment)).trim();
		if (body === '') {
			return;
		}
		const include = /^(?:-r|--requirement)(?:\s+|=)?(\S+)$/.exec(body);
		if (include) {
			includes.push(path.resolve(path.dirname(file), include[1]));
			return;
		}
		if (body.startsWith('-')) {
			return;
		}
		const parts = splitRequirement(body);
		if (!parts || normalizeName(parts.name) !== 'mcp') {
			return;
		}
		const offset = start + line.indexOf(body);
		const sameLine = text.slice(offset, offset + body.length) === body;
		const span = sameLine ? { start: offset, end: offset + body.length } : { start: offset, end: offset + parts.name.length };
		requirements.push(requirement(file, 'requirements', body, parts.specifier, span, parts.url));
	}
}

function parseLock(file: string, text: string, source: 'uv.lock' | 'poetry.lock'): ResolvedVersion | undefined {
	const doc = parseToml(text) as Record<string, unknown>;
	const packages = Array.isArray(doc.package) ? doc.package : [];
	for (const p of packages) {
		if (isRecord(p) && typeof p.name === 'string' && normalizeName(p.name) === 'mcp' && typeof p.version === 'string') {
			return { file, version: p.version, source };
		}
	}
	return undefined;
}

/** The mcp version installed in `<root>/.venv` or `<root>/venv`, from its mcp-X.Y.Z.dist-info folder. */
export function installedVersion(root: string): ResolvedVersion | undefined {
	for (const venv of ['.venv', 'venv']) {
		const base = path.join(root, venv);
		const libs = [path.join(base, 'Lib', 'site-packages')];
		for (const lib of ['lib', 'lib64']) {
			let entries: string[] = [];
			try {
				entries = fs.readdirSync(path.join(base, lib));
			} catch {
				continue;
			}
			libs.push(...entries.filter((e) => e.startsWith('python')).map((e) => path.join(base, lib, e, 'site-packages')));
		}
		for (const sitePackages of libs) {
			let entries: string[];
			try {
				entries = fs.readdirSync(sitePackages);
			} catch {
				continue;
			}
			for (const entry of entries) {
				const m = /^mcp-([^-]+)\.dist-info$/i.exec(entry);
				if (m && valid(m[1])) {
					return { file: path.join(sitePackages, entry), version: m[1], source: 'venv' };
				}
			}
		}
	}
	return undefined;
}

export function isV2(version: string): boolean {
	try {
		return gte(version, '2.0.0a0');
	} catch {
		return false;
	}
}
