import * as path from 'path';
import { applyConfig, ConfigError, findConfig, ProjectConfig, readConfig } from '../project/config';
import { DEFAULT_SETTINGS, RuleCustomization, sanitizeSettings, SanitizedSettings, Settings } from '../settings';
import { createExcludeMatcher } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';

// The language server's side of the project configuration: the nearest mcp-auth-hints.toml or
// pyproject.toml with [tool.mcp-auth-hints] above each workspace folder (read by
// server/src/project/config.ts, the same reader as the CLI's), merged with the editor's settings.
// Precedence, weakest first: the defaults, the file, then what the user set in the editor. The
// VS Code client sends only the values the user set (client/src/configuration.ts), so a key it
// leaves out is the file's to decide; another editor's settings object counts as set in full.
// NOT the place for the TOML keys' format (project/config.ts) or for fetching settings (settingsStore.ts).

/** Watched in addition to the project files (pyproject.toml is watched already). */
export const CONFIG_FILE_WATCHERS: readonly string[] = ['**/mcp-auth-hints.toml'];

/** Whether a changed file may change a folder's configuration. */
export function isConfigFile(file: string): boolean {
	const name = path.basename(file);
	return name === 'mcp-auth-hints.toml' || name === 'pyproject.toml';
}

export interface FolderConfig {
	config: ProjectConfig;
	/** The workspace folder it serves (exclude patterns are matched relative to it in the editor). */
	folder: string;
}

/**
 * One configuration per workspace folder, read once and kept until a configuration file changes.
 * A file that does not read or validate leaves the folder on its defaults and is reported once
 * (file, key and line), until its text changes.
 */
export class ProjectConfigs {
	private readonly byFolder = new Map<string, ProjectConfig | undefined>();
	private readonly reported = new Set<string>();

	constructor(private readonly report: (message: string) => void) {}

	/** The configuration serving `folder` (a workspace folder, or the directory of a file outside any). */
	forFolder(folder: string): ProjectConfig | undefined {
		if (this.byFolder.has(folder)) {
			return this.byFolder.get(folder);
		}
		let config: ProjectConfig | undefined;
		const file = findConfig(folder);
		if (file !== undefined) {
			try {
				config = readConfig(file);
			} catch (err) {
				if (!(err instanceof ConfigError)) {
					throw err;
				}
				if (!this.reported.has(err.message)) {
					this.reported.add(err.message);
					this.report(`invalid configuration, using the defaults for ${folder}: ${err.message}`);
				}
			}
		}
		this.byFolder.set(folder, config);
		return config;
	}

	/** A configuration file changed: read every folder's again (and report a new problem again). */
	clear(): void {
		this.byFolder.clear();
		this.reported.clear();
	}
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The settings for one document or folder: `raw` is what the editor sent for it (only the values
 * the user set), `served` the folder's configuration, `file` the document on disk (for
 * per-file-ignores). Without a configuration this is sanitizeSettings(raw).
 */
export function mergeSettings(raw: unknown, served: FolderConfig | undefined, file?: string): SanitizedSettings {
	const sanitized = sanitizeSettings(raw);
	if (!served) {
		return sanitized;
	}
	const { config, folder } = served;
	const { settings: user, warnings } = sanitized;
	const src = isRecord(raw) ? raw : {};
	// A key the user set to an invalid value was reset (and reported): the file decides it then.
	const userSet = (key: string, value: unknown): boolean => value !== undefined && !warnings.some((w) => w.startsWith(`mcpAuthHints.${key}:`));
	const fromFile = applyConfig(DEFAULT_SETTINGS, config);
	const rules = isRecord(src.rules) ? src.rules : {};
	const settings: Settings = {
		...user,
		maxFileSize: userSet('maxFileSize', src.maxFileSize) ? user.maxFileSize : fromFile.maxFileSize,
		target: userSet('target', src.target) ? user.target : fromFile.target,
		// The editor's exclude replaces the file's `exclude`; `extend-exclude` still adds to it.
		exclude: userSet('exclude', src.exclude)
			? [...user.exclude, ...rebase(config.extendExclude ?? [], config.root, folder)]
			: rebase(fromFile.exclude, config.root, folder),
		rules: {
			customizations: [
				// The file's select / ignore first, so the editor's customizations (the last match wins) override them.
				...fromFile.rules.customizations,
				...(userSet('rules.customizations', rules.customizations) ? user.rules.customizations : []),
				// per-file-ignores last: the CLI drops those findings whatever the severity, so does the editor.
				...(file ? perFileCustomizations(config, file) : []),
			],
		},
	};
	return { settings, warnings };
}

/** Each configuration's per-file-ignores globs, compiled once (the workspace scan asks per file). */
const matchers = new WeakMap<object, ((rel: string) => boolean)[]>();

/** The per-file-ignores naming `file`, as customizations turning its codes (prefixes) off. */
export function perFileCustomizations(config: Pick<ProjectConfig, 'root' | 'perFileIgnores'>, file: string): RuleCustomization[] {
	let compiled = matchers.get(config);
	if (!compiled) {
		compiled = config.perFileIgnores.map((entry) => createExcludeMatcher([entry.glob]));
		matchers.set(config, compiled);
	}
	const rel = toPosix(path.relative(config.root, file));
	return config.perFileIgnores
		.filter((_, i) => compiled[i](rel))
		.flatMap((entry) => entry.codes.map((code) => ({ rule: code === 'ALL' ? '*' : `${code}*`, severity: 'off' as const })));
}

/** A folder's settings for one of its files: the per-file-ignores naming it added last. */
export function withPerFileIgnores(settings: Settings, config: ProjectConfig | undefined, file: string): Settings {
	const off = config ? perFileCustomizations(config, file) : [];
	return off.length === 0 ? settings : { ...settings, rules: { customizations: [...settings.rules.customizations, ...off] } };
}

/**
 * Exclude patterns written relative to the configuration's folder, made relative to a workspace
 * folder below it (the editor matches them against the workspace folder). A pattern that floats
 * (no slash but a trailing one, or a leading double-star segment) means the same from anywhere; an anchored one
 * keeps only when it starts with the folder's own path, and one anchored elsewhere cannot match
 * inside the folder, so it is left out.
 */
export function rebase(patterns: readonly string[], root: string, folder: string): string[] {
	const rel = toPosix(path.relative(root, folder));
	if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
		return [...patterns];
	}
	return patterns.flatMap((pattern) => {
		const negated = pattern.startsWith('!');
		const body = negated ? pattern.slice(1) : pattern;
		const anchored = body.replace(/\/$/, '').includes('/');
		if (!anchored || body.startsWith('**/')) {
			return [pattern];
		}
		const stripped = body.replace(/^\//, '');
		return stripped.startsWith(`${rel}/`) ? [`${negated ? '!' : ''}${stripped.slice(rel.length + 1)}`] : [];
	});
}
