import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AnalyzeOptions } from '../engine';
import { DEFAULT_SETTINGS } from '../settings';
import { mayMatter } from './gate';
import type { BudgetedSourceAnalysis, SourceAnalyzer } from './scanProject';

// The persistent per-file result cache of project scans (the CLI), so the second scan of an
// unchanged tree costs about a read. An entry is one source's analysis, keyed by a hash of the
// file's content, the tool's build, every setting and the project facts the analysis depends on
// (mcp resolving to V2, the local modules that shadow the SDK, .py or notebook). It lives in the
// platform's cache folder, never in the scanned repository:
//   MCP_AUTH_HINTS_CACHE_DIR when set, else $XDG_CACHE_HOME/mcp-auth-hints or ~/.cache/mcp-auth-hints
//   (Linux), ~/Library/Caches/mcp-auth-hints (macOS), %LOCALAPPDATA%\mcp-auth-hints\Cache (Windows).
// `--no-cache` or MCP_AUTH_HINTS_NO_CACHE=1 turns it off. Entries are never trusted blindly: one
// that cannot be read or parsed is a miss. Analyses stopped by the budget and notebooks that are
// not valid JSON are not stored (their result is not a property of the text alone).
// NOT for open documents (editors re-analyse what changes) and NOT an index of the project.

/** Bumped when the stored shape changes; old folders are simply never read again. */
const FORMAT = 'v1';

/** The cache folder for this platform, or MCP_AUTH_HINTS_CACHE_DIR. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
	if (env.MCP_AUTH_HINTS_CACHE_DIR) {
		return path.resolve(env.MCP_AUTH_HINTS_CACHE_DIR);
	}
	if (platform === 'win32') {
		return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'mcp-auth-hints', 'Cache');
	}
	if (platform === 'darwin') {
		return path.join(home, 'Library', 'Caches', 'mcp-auth-hints');
	}
	return path.join(env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache'), 'mcp-auth-hints');
}

/** Whether the environment turns the cache off (MCP_AUTH_HINTS_NO_CACHE=1 or true). */
export function cacheDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
	return /^(1|true|yes)$/i.test(env.MCP_AUTH_HINTS_NO_CACHE ?? '');
}

export class ResultCache {
	private readonly dir: string;

	/** `build` names the tool build (version + bundle identity): another build never reads these entries. */
	constructor(root: string, build: string) {
		this.dir = path.join(root, FORMAT, hash(build).slice(0, 16));
	}

	/** The key of a source's analysis: content, kind, settings and project facts. */
	key(file: string, text: string, options: AnalyzeOptions): string {
		const facts = JSON.stringify([
			file.endsWith('.ipynb') ? 'notebook' : 'python',
			this.settingsKey(options.settings ?? DEFAULT_SETTINGS),
			options.mcpResolvesV2 ?? false,
			options.mcpVersion ?? null,
			[...(options.localModules ?? [])].sort(),
			// What other project modules tell this file (base classes, re-exports, typed returns):
			// an edit of a base class elsewhere must not answer from the old entry.
			options.project ? stable(options.project) : null,
		]);
		return hash(facts + '\u0000' + text);
	}

	/** A scan passes one settings object for every file: serialise it once. */
	private readonly settingsKeys = new WeakMap<object, string>();

	private settingsKey(settings: object): string {
		let key = this.settingsKeys.get(settings);
		if (key === undefined) {
			key = JSON.stringify(stable(settings));
			this.settingsKeys.set(settings, key);
		}
		return key;
	}

	get(key: string): BudgetedSourceAnalysis | undefined {
		try {
			const value = JSON.parse(fs.readFileSync(this.entry(key), 'utf8')) as BudgetedSourceAnalysis;
			return Array.isArray(value.findings) && Array.isArray(value.ruleErrors) ? value : undefined;
		} catch {
			return undefined;
		}
	}

	set(key: string, value: BudgetedSourceAnalysis): void {
		if (value.stopped || value.problem) {
			return;
		}
		const file = this.entry(key);
		try {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			// Written aside and renamed, so a concurrent scan never reads half an entry.
			const temp = `${file}.${process.pid}.tmp`;
			fs.writeFileSync(temp, JSON.stringify(value));
			fs.renameSync(temp, file);
		} catch {
			// A read-only or full disk only costs the next scan its speed.
		}
	}

	private entry(key: string): string {
		return path.join(this.dir, key.slice(0, 2), `${key}.json`);
	}
}

/**
 * The analyzer a project scan uses: the gate first (a file that cannot matter costs no hash and no
 * message to a worker), then the cache, then `inner`, whose result is stored.
 */
export class CachedSourceAnalyzer implements SourceAnalyzer {
	hits = 0;
	misses = 0;

	constructor(private readonly inner: SourceAnalyzer, private readonly cache: ResultCache | undefined) {}

	get concurrency(): number | undefined {
		return this.inner.concurrency;
	}

	async analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis> {
		if (!file.endsWith('.ipynb') && !mayMatter(text, { settings: options.settings, project: options.project })) {
			return { findings: [], ruleErrors: [] };
		}
		if (!this.cache) {
			return this.inner.analyzeSource(file, text, options);
		}
		const key = this.cache.key(file, text, options);
		const cached = this.cache.get(key);
		if (cached) {
			this.hits++;
			return cached;
		}
		this.misses++;
		const result = await this.inner.analyzeSource(file, text, options);
		this.cache.set(key, result);
		return result;
	}
}

function hash(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal settings give equal keys whatever order they were built in. */
function stable(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(stable);
	}
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
	}
	return value;
}
