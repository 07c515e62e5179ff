import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc, ParseError, printParseErrorCode } from 'jsonc-parser';
import { applyConfig, ConfigError, findConfig, perFileIgnorer, ProjectConfig, readConfig, RuleSelection, selectionCustomizations } from '../project/config';
import { DEFAULT_SETTINGS, sanitizeSettings, SanitizedSettings, Settings } from '../settings';
import { errorText } from '../workspace/walk';
import type { FailOn } from './args';
import { UsageError } from './args';

// Where the CLI's settings come from, weakest first: the defaults; the project's configuration
// (`--config PATH`, else the nearest mcp-auth-hints.toml / pyproject.toml [tool.mcp-auth-hints]
// above the first path scanned, read by server/src/project/config.ts); then the command-line flags.
// `--config` also takes the VS Code settings shape as JSON with comments (a settings.json can be
// shared): the settings object itself ({"rules": {...}}), that object under "mcpAuthHints", or VS
// Code's flat form ({"mcpAuthHints.rules.customizations": [...]}). NOT the place for the format of
// the TOML keys (project/config.ts) or for output.

const PREFIX = 'mcpAuthHints';

export interface CliConfig {
	settings: Settings;
	warnings: string[];
	/** The config's fail-on; a --fail-on flag wins over it. */
	failOn?: FailOn;
	/** Folder the exclude patterns are relative to. */
	excludeBase: string;
	ignoreFinding: (absFile: string, code: string) => boolean;
	/** The configuration file read, if any (for --show-settings style messages). */
	source?: string;
}

export interface ConfigRequest {
	config?: string;
	paths: readonly string[];
	selection: RuleSelection;
	cwd: string;
}

export function resolveConfig(request: ConfigRequest): CliConfig {
	let base: CliConfig = { settings: DEFAULT_SETTINGS, warnings: [], excludeBase: request.cwd, ignoreFinding: () => false };
	const file = request.config !== undefined ? path.resolve(request.cwd, request.config)
		: findConfig(path.resolve(request.cwd, request.paths[0] ?? '.'));
	if (file !== undefined) {
		if (request.config !== undefined && !/\.toml$/i.test(file)) {
			const loaded = loadJsonConfig(file, request.config);
			base = { ...base, settings: loaded.settings, warnings: loaded.warnings, source: file };
		} else {
			let project: ProjectConfig;
			try {
				if (request.config !== undefined && !fs.existsSync(file)) {
					throw new UsageError(`cannot read config file ${request.config}: no such file`);
				}
				project = readConfig(file);
			} catch (err) {
				if (err instanceof ConfigError) {
					throw new UsageError(`invalid configuration: ${displayError(err, request.cwd)}`);
				}
				throw err;
			}
			base = {
				settings: applyConfig(DEFAULT_SETTINGS, project, request.selection),
				warnings: [],
				failOn: project.failOn,
				excludeBase: project.root,
				ignoreFinding: perFileIgnorer(project),
				source: file,
			};
			return base;
		}
	}
	// No TOML selection to merge with: the flags' selection goes after the settings' customizations
	// (the last matching entry wins).
	const off = selectionCustomizations(request.selection);
	if (off.length > 0) {
		base = { ...base, settings: { ...base.settings, rules: { customizations: [...base.settings.rules.customizations, ...off] } } };
	}
	return base;
}

function displayError(err: ConfigError, cwd: string): string {
	const rel = path.relative(cwd, err.file);
	return err.message.replace(err.file, rel && !rel.startsWith('..') ? rel : err.file);
}

/** `--config file.json`: JSON with comments and trailing commas (VS Code's settings.json dialect). */
export function loadJsonConfig(file: string, shown = file): SanitizedSettings {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (err) {
		throw new UsageError(`cannot read config file ${shown}: ${errorText(err)}`);
	}
	text = text.replace(/^\uFEFF/, '');
	const errors: ParseError[] = [];
	const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
	if (errors.length > 0) {
		const first = errors[0];
		const line = text.slice(0, first.offset).split(/\r\n|\r|\n/).length;
		throw new UsageError(`config file ${shown} is not valid JSON (line ${line}: ${printParseErrorCode(first.error)})`);
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new UsageError(`config file ${shown} must contain a JSON object`);
	}
	return sanitizeSettings(extractSettings(raw as Record<string, unknown>));
}

function extractSettings(raw: Record<string, unknown>): unknown {
	if (PREFIX in raw) {
		return raw[PREFIX];
	}
	const dotted = Object.keys(raw).filter((k) => k.startsWith(`${PREFIX}.`));
	if (dotted.length === 0) {
		return raw;
	}
	const nested: Record<string, unknown> = {};
	for (const key of dotted) {
		const parts = key.slice(PREFIX.length + 1).split('.');
		let node = nested;
		for (const part of parts.slice(0, -1)) {
			const next = node[part];
			node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
		}
		node[parts[parts.length - 1]] = raw[key];
	}
	return nested;
}
