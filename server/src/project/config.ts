import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Severity } from '../analysis/model';
import { RULE_METAS } from '../rules';
import type { RuleCustomization, SeverityOverride, Settings } from '../settings';
import { createExcludeMatcher } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';

// The project's own configuration, where Python tools keep theirs: `[tool.mcp-auth-hints]` in
// pyproject.toml, or the top level of a standalone mcp-auth-hints.toml, found upward from a folder
// like Ruff (the nearest file wins; a pyproject.toml without the table does not count). Read with a
// real TOML parser, validated strictly (a bad value is an error naming the file, key and line, never
// a silent default), and mapped onto the engine's Settings plus the two things Settings cannot hold
// (per-file ignores, the fail-on threshold). Engine side: no vscode / LSP / CLI imports, so the
// language server can read the same file. NOT the place for command-line flags or output.

export type FailOnLevel = Severity | 'never';

/** Ruff's three selection lists: codes or code prefixes (`MCP10`), or `ALL`. */
export interface RuleSelection {
	select?: string[];
	extendSelect?: string[];
	ignore?: string[];
}

export interface PerFileIgnore {
	/** Glob with .gitignore syntax, relative to the config file's folder. */
	glob: string;
	codes: string[];
}

export interface ProjectConfig {
	/** The file read. */
	file: string;
	/** Its folder: exclude patterns and per-file-ignores globs are relative to it. */
	root: string;
	selection: RuleSelection;
	perFileIgnores: PerFileIgnore[];
	exclude?: string[];
	extendExclude?: string[];
	failOn?: FailOnLevel;
	maxFileSize?: number;
	/** Which mcp the code runs on (`auto`, `1`, `2`); see the `mcpAuthHints.target` setting. */
	target?: 'auto' | '1' | '2';
	/** `[severity]`: rule (code, name, `*` wildcards, leading `!`) → override, in the file's order. */
	severity: RuleCustomization[];
}

/** A bad configuration: `file:line: key: problem`. */
export class ConfigError extends Error {
	constructor(readonly file: string, readonly key: string | undefined, readonly line: number | undefined, problem: string) {
		super(`${file}${line !== undefined ? `:${line}` : ''}: ${key !== undefined ? `${key}: ` : ''}${problem}`);
	}
}

const TABLE = 'mcp-auth-hints';
const STANDALONE = 'mcp-auth-hints.toml';
const FAIL_ON: readonly FailOnLevel[] = ['error', 'warning', 'information', 'hint', 'never'];
const KEYS = ['select', 'ignore', 'extend-select', 'per-file-ignores', 'exclude', 'extend-exclude', 'fail-on', 'max-file-size', 'target', 'severity'] as const;
const SEVERITIES: readonly SeverityOverride[] = ['default', 'off', 'downgrade', 'upgrade', 'error', 'warn', 'info', 'hint'];

const ALL_CODES = (): string[] => RULE_METAS.map((m) => m.code);

/** Whether a selector names at least one rule: `ALL`, a code, or a prefix of codes (`MCP1`). */
export function isSelector(selector: string): boolean {
	return selector === 'ALL' || (selector.length > 0 && ALL_CODES().some((c) => c.startsWith(selector)));
}

/** How specifically `selector` names `code`: its length, 0 for ALL, -1 when it does not match. */
function specificity(selector: string, code: string): number {
	return selector === 'ALL' ? 0 : code.startsWith(selector) ? selector.length : -1;
}

/**
 * The codes a selection turns off, Ruff's way, layer after layer (the file, then the command line):
 * inside a layer the most specific selector naming a code decides (ignore wins a tie); a layer with
 * `select` starts from nothing, so a later `select` replaces what came before; a code no selector
 * of a layer names keeps the state it had. Before any layer every rule is on.
 */
export function disabledCodes(layers: RuleSelection | readonly RuleSelection[], codes: readonly string[] = ALL_CODES()): string[] {
	const list: readonly RuleSelection[] = Array.isArray(layers) ? layers : [layers as RuleSelection];
	const on = new Map(codes.map((c) => [c, true]));
	for (const layer of list) {
		const selectors = [...(layer.select ?? []), ...(layer.extendSelect ?? [])];
		for (const code of codes) {
			const selected = Math.max(-1, ...selectors.map((s) => specificity(s, code)));
			const ignored = Math.max(-1, ...(layer.ignore ?? []).map((s) => specificity(s, code)));
			if (ignored >= 0 && ignored >= selected) {
				on.set(code, false);
			} else if (selected >= 0) {
				on.set(code, true);
			} else if (layer.select !== undefined) {
				on.set(code, false);
			}
		}
	}
	return codes.filter((c) => !on.get(c));
}

/** The selection layers as rules.customizations: severity 'off' per code they turn off. */
export function selectionCustomizations(layers: RuleSelection | readonly RuleSelection[]): RuleCustomization[] {
	return disabledCodes(layers).map((rule) => ({ rule, severity: 'off' as const }));
}

/**
 * Settings with the config applied on top of `base`; `overrides` is a later selection layer (the
 * command line's --select / --extend-select / --ignore), which wins over the file's.
 */
export function applyConfig(base: Settings, config: ProjectConfig, overrides: RuleSelection = {}): Settings {
	const exclude = [...(config.exclude ?? base.exclude), ...(config.extendExclude ?? [])];
	return {
		...base,
		// The file's severities before the selection: a rule the selection leaves out stays out.
		rules: { customizations: [...base.rules.customizations, ...config.severity, ...selectionCustomizations([config.selection, overrides])] },
		exclude,
		...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
		...(config.target !== undefined ? { target: config.target } : {}),
	};
}

/** A test for `per-file-ignores`: whether a finding of `code` in `absFile` is ignored. */
export function perFileIgnorer(config: Pick<ProjectConfig, 'root' | 'perFileIgnores'>): (absFile: string, code: string) => boolean {
	const entries = config.perFileIgnores.map((e) => ({ match: createExcludeMatcher([e.glob]), codes: e.codes }));
	if (entries.length === 0) {
		return () => false;
	}
	return (absFile, code) => {
		const rel = toPosix(path.relative(config.root, absFile));
		return entries.some((e) => e.match(rel) && e.codes.some((s) => specificity(s, code) >= 0));
	};
}

// --- discovery and reading -----------------------------------------------------------------------

/** The nearest configuration at or above `start` (a folder or a file), or undefined. */
export function findConfig(start: string): string | undefined {
	let dir = path.resolve(start);
	try {
		if (!fs.statSync(dir).isDirectory()) {
			dir = path.dirname(dir);
		}
	} catch {
		dir = path.dirname(dir);
	}
	for (;;) {
		// Ruff's order inside one folder: the tool's own file before pyproject.toml.
		const standalone = path.join(dir, STANDALONE);
		if (isFile(standalone)) {
			return standalone;
		}
		const pyproject = path.join(dir, 'pyproject.toml');
		if (isFile(pyproject) && hasTable(pyproject)) {
			return pyproject;
		}
		const parent = path.dirname(dir);
		if (parent === dir) {
			return undefined;
		}
		dir = parent;
	}
}

function isFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

function hasTable(pyproject: string): boolean {
	try {
		const doc = parseToml(fs.readFileSync(pyproject, 'utf8'));
		const tool = doc.tool;
		return typeof tool === 'object' && tool !== null && !Array.isArray(tool) && TABLE in tool;
	} catch {
		// A pyproject.toml that does not parse is the manifest reader's business, not a config.
		return false;
	}
}

/** Reads a configuration file: pyproject.toml (its `[tool.mcp-auth-hints]`) or a standalone TOML file. */
export function readConfig(file: string): ProjectConfig {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (err) {
		throw new ConfigError(file, undefined, undefined, `cannot read: ${err instanceof Error ? err.message : String(err)}`);
	}
	return parseConfig(text, file);
}

/** Parses configuration text; `file` names it in errors and decides pyproject vs standalone. */
export function parseConfig(text: string, file: string): ProjectConfig {
	let doc: Record<string, unknown>;
	try {
		doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
	} catch (err) {
		const line = err instanceof TomlError ? err.line : undefined;
		throw new ConfigError(file, undefined, line, `not valid TOML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
	}
	const isPyproject = path.basename(file) === 'pyproject.toml';
	const header = isPyproject ? `tool.${TABLE}` : undefined;
	let table: unknown = doc;
	if (isPyproject) {
		const tool = doc.tool as Record<string, unknown> | undefined;
		table = tool && typeof tool === 'object' ? tool[TABLE] : undefined;
		if (table === undefined) {
			table = {};
		}
	}
	const locate = (key: string) => lineOfKey(text, header, key);
	const where = (key: string) => (header ? `${header}.${key}` : key);
	const fail = (key: string, problem: string, lineKey = key): never => {
		throw new ConfigError(file, where(key), locate(lineKey), problem);
	};
	if (!isRecord(table)) {
		throw new ConfigError(file, header, undefined, 'expected a table');
	}
	for (const key of Object.keys(table)) {
		if (!(KEYS as readonly string[]).includes(key)) {
			fail(key, `unknown key; the keys are ${KEYS.join(', ')}`);
		}
	}
	const selectors = (key: string): string[] | undefined => {
		const v = table[key];
		if (v === undefined) {
			return undefined;
		}
		if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
			return fail(key, 'expected an array of rule codes or prefixes, e.g. ["MCP10", "MCP301"]');
		}
		const bad = v.find((s) => !isSelector(s));
		if (bad !== undefined) {
			fail(key, `${JSON.stringify(bad)} is not a rule code or prefix of one (e.g. MCP103, MCP1, ALL)`);
		}
		return v;
	};
	const globs = (key: string): string[] | undefined => {
		const v = table[key];
		if (v === undefined) {
			return undefined;
		}
		if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
			return fail(key, 'expected an array of glob strings');
		}
		return v;
	};
	const perFileIgnores: PerFileIgnore[] = [];
	const pfi = table['per-file-ignores'];
	if (pfi !== undefined) {
		if (!isRecord(pfi)) {
			fail('per-file-ignores', 'expected a table of glob = [codes]');
		}
		for (const [glob, codes] of Object.entries(pfi as Record<string, unknown>)) {
			const key = `per-file-ignores.${glob}`;
			const line = lineOfKey(text, header ? `${header}.per-file-ignores` : 'per-file-ignores', glob) ?? locate('per-file-ignores');
			if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string' && isSelector(c))) {
				throw new ConfigError(file, where(key), line, 'expected an array of rule codes or prefixes, e.g. ["MCP100"]');
			}
			perFileIgnores.push({ glob, codes: codes as string[] });
		}
	}
	const severity: RuleCustomization[] = [];
	const severities = table.severity;
	if (severities !== undefined) {
		if (!isRecord(severities)) {
			fail('severity', 'expected a table of rule = severity, e.g. { MCP100 = "off", "MCP10*" = "downgrade" }');
		}
		for (const [rule, value] of Object.entries(severities as Record<string, unknown>)) {
			const line = lineOfKey(text, header ? `${header}.severity` : 'severity', rule) ?? locate('severity');
			if (typeof value !== 'string' || !(SEVERITIES as readonly string[]).includes(value)) {
				throw new ConfigError(file, where(`severity.${rule}`), line, `expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(value)}`);
			}
			if (rule.replace(/^!/, '').length === 0) {
				throw new ConfigError(file, where('severity'), line, 'a rule code, name or pattern cannot be empty');
			}
			severity.push({ rule, severity: value as SeverityOverride });
		}
	}
	const failOn = table['fail-on'];
	if (failOn !== undefined && !(typeof failOn === 'string' && (FAIL_ON as readonly string[]).includes(failOn))) {
		fail('fail-on', `expected one of ${FAIL_ON.join(', ')}, got ${JSON.stringify(failOn)}`);
	}
	const maxFileSize = table['max-file-size'];
	if (maxFileSize !== undefined && !(typeof maxFileSize === 'number' && Number.isInteger(maxFileSize) && maxFileSize >= 0)) {
		fail('max-file-size', `expected a whole number of bytes (0 for no limit), got ${JSON.stringify(maxFileSize)}`);
	}
	// TOML users write `target = 2` as readily as `target = "2"`.
	const rawTarget = table.target;
	const target = rawTarget === undefined ? undefined : String(rawTarget);
	if (target !== undefined && !['auto', '1', '2'].includes(target)) {
		fail('target', `expected "auto", 1 or 2, got ${JSON.stringify(rawTarget)}`);
	}
	return {
		file,
		root: path.dirname(path.resolve(file)),
		selection: { select: selectors('select'), extendSelect: selectors('extend-select'), ignore: selectors('ignore') },
		perFileIgnores,
		exclude: globs('exclude'),
		extendExclude: globs('extend-exclude'),
		failOn: failOn as FailOnLevel | undefined,
		maxFileSize: maxFileSize as number | undefined,
		target: target as ProjectConfig['target'],
		severity,
	};
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * The 1-based line of `key = ...` inside the table `[header]` (or before any table when header is
 * undefined), for error messages only. The value was already parsed by smol-toml, which keeps no
 * positions; this only finds where the key is written, so a miss gives no line, never a wrong value.
 */
function lineOfKey(text: string, header: string | undefined, key: string): number | undefined {
	const lines = text.split(/\r\n|\r|\n/);
	const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const keyRe = new RegExp(`^\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*=`);
	const headerRe = header === undefined ? undefined : new RegExp(`^\\s*\\[\\s*${header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\./g, '\\s*\\.\\s*')}\\s*\\]`);
	let inside = header === undefined;
	for (let i = 0; i < lines.length; i++) {
		if (/^\s*\[/.test(lines[i])) {
			inside = headerRe !== undefined && headerRe.test(lines[i]);
			continue;
		}
		if (inside && keyRe.test(lines[i])) {
			return i + 1;
		}
	}
	return undefined;
}
