import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../analysis/model';
import type { Engine } from '../engine';
import { fixUntilStable } from '../fixes/apply';
import { rewriteGuard } from '../fixes/compileCheck';
import { unifiedDiff } from '../fixes/diff';
import type { Settings } from '../settings';
import { createPathExcluder } from '../workspace/exclude';
import { isManifest, readFacts, walkProject } from '../project/scanProject';
import { toPosix } from '../workspace/gitignore';
import { LocalModuleFinder } from '../workspace/localModules';
import { resolveWritable, scanRoot, ScanRoot, writeFileSafely } from '../workspace/safeWrite';
import { comparePaths, errorText, findPythonFiles } from '../workspace/walk';

// `scan --fix` / `--unsafe-fixes` / `--diff`: applies the engine's rewrites to .py files until
// nothing changes (so a second run is a no-op). A file is written only when its text changed, and
// never when a rewrite would add a syntax error or a compile problem (fixes/compileCheck.ts: such a
// rewrite is left out, the others stay), when it is not plain UTF-8, when it changed on disk
// meanwhile, when it is read-only (unless --fix-read-only), or when it is a symlink whose target is
// outside the scanned paths. The write goes through symlinks and keeps mode, owner and hard links
// (workspace/safeWrite.ts).

export interface FixInput {
	paths: readonly string[];
	settings: Settings;
	cwd: string;
	/** Also apply 'review' fixes. */
	unsafe: boolean;
	/** Print a unified diff instead of writing. */
	diff: boolean;
	/** Also write files without the owner's write bit (--fix-read-only). */
	fixReadOnly?: boolean;
	/** Folder the exclude patterns are relative to (the config file's); default cwd. */
	excludeBase?: string;
	/** per-file-ignores: a finding it names is not fixed, as it is not reported. */
	ignoreFinding?: (absFile: string, code: string) => boolean;
	/** `--add-noqa`: instead of the rewrites, each finding's fix is this (cli/addNoqa.ts). */
	fixesOf?: (findings: readonly Finding[]) => Finding[];
}

export interface FixOutcome {
	/** Files (display paths) whose text the fixes change. */
	changed: string[];
	/** Findings that went away. */
	fixed: number;
	diff: string;
	/** Per changed file (display path), how many findings its rewrites removed. */
	perFile: { file: string; fixed: number }[];
	/** Files left untouched, with the reason. */
	skipped: string[];
}

export function fixFiles(engine: Engine, input: FixInput): FixOutcome {
	const outcome: FixOutcome = { changed: [], fixed: 0, diff: '', perFile: [], skipped: [] };
	const localModules = new LocalModuleFinder();
	const roots = input.paths.map((p) => scanRoot(path.resolve(input.cwd, p))).filter((r): r is ScanRoot => r !== undefined);
	// Rewrites that write V2-only names are safe only in a project that runs mcp 2: read its
	// manifests and lock files the way `scan` does.
	const mcpResolvesV2 = projectResolvesV2(input);
	// A file reached twice (a symlink inside the roots and its target) is fixed once.
	const done = new Set<string>();
	for (const { file, root } of pythonFiles(input, outcome.skipped)) {
		const rel = toPosix(path.relative(input.cwd, file)) || path.basename(file);
		const target = resolveWritable(file, roots);
		if ('skip' in target) {
			outcome.skipped.push(`${rel}: ${target.skip}, left unchanged`);
			continue;
		}
		const real = target.real;
		if (done.has(real)) {
			continue;
		}
		done.add(real);
		let bytes: Buffer;
		let stat: fs.Stats;
		try {
			stat = fs.statSync(real);
			if (!stat.isFile()) {
				outcome.skipped.push(`${rel}: not a regular file, left unchanged`);
				continue;
			}
			bytes = fs.readFileSync(real);
		} catch (err) {
			outcome.skipped.push(`${rel}: cannot read (${errorText(err)})`);
			continue;
		}
		const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
		const body = bom ? bytes.subarray(3) : bytes;
		const text = body.toString('utf8');
		if (!Buffer.from(text, 'utf8').equals(body)) {
			outcome.skipped.push(`${rel}: not UTF-8, left unchanged`);
			continue;
		}
		const options = { settings: input.settings, localModules: localModules.forFile(file, root), mcpResolvesV2 };
		const verify = rewriteGuard((t) => engine.checkSource(t), text);
		const ignored = input.ignoreFinding ?? (() => false);
		const fixesOf = input.fixesOf ?? ((f: readonly Finding[]) => f);
		const result = fixUntilStable(text, (t) => fixesOf(engine.analyzeText(t, options).findings.filter((f) => !ignored(file, f.code))), { includeReview: input.unsafe, verify });
		const unchanged = result.text === text;
		outcome.skipped.push(...result.refused.map((r) => `${rel}: ${r.reason}, ${unchanged ? 'left unchanged' : 'rewrite left out'} ("${r.title}")`));
		if (unchanged) {
			continue;
		}
		if (!input.diff && (stat.mode & 0o200) === 0 && !input.fixReadOnly) {
			outcome.skipped.push(`${rel}: read-only (its owner has no write permission), left unchanged; --fix-read-only writes it anyway`);
			continue;
		}
		outcome.changed.push(rel);
		outcome.fixed += result.fixed;
		outcome.perFile.push({ file: rel, fixed: result.fixed });
		if (input.diff) {
			outcome.diff += unifiedDiff(text, result.text, `a/${rel}`, `b/${rel}`);
			continue;
		}
		const written = writeFileSafely(real, stat, bytes, Buffer.concat([bom ? bytes.subarray(0, 3) : Buffer.alloc(0), Buffer.from(result.text, 'utf8')]));
		if (written !== true) {
			outcome.changed.pop();
			outcome.perFile.pop();
			outcome.fixed -= result.fixed;
			outcome.skipped.push(`${rel}: ${written}, left unchanged`);
		}
	}
	return outcome;
}

/** Whether the scanned folders resolve mcp >= 2 (the project pipeline's manifests and lock files). */
function projectResolvesV2(input: FixInput): boolean {
	const isExcluded = createPathExcluder(input.excludeBase ?? input.cwd, input.settings.exclude);
	const dirs = input.paths.map((p) => path.resolve(input.cwd, p)).filter((abs) => {
		try {
			return fs.statSync(abs).isDirectory();
		} catch {
			return false;
		}
	});
	const manifests = dirs.flatMap((dir) => walkProject(dir, isExcluded).files.filter(isManifest));
	return readFacts(manifests, dirs).mcpResolvesV2;
}

/** The .py files under the paths (explicit files whatever their extension), sorted, each once. */
function pythonFiles(input: FixInput, problems: string[]): { file: string; root: string }[] {
	const isExcluded = createPathExcluder(input.excludeBase ?? input.cwd, input.settings.exclude);
	const out: { file: string; root: string }[] = [];
	const seen = new Set<string>();
	for (const p of input.paths) {
		const abs = path.resolve(input.cwd, p);
		let isDir = false;
		try {
			isDir = fs.statSync(abs).isDirectory();
		} catch {
			continue;
		}
		const found = isDir
			? (() => {
				const walked = findPythonFiles(abs, { isExcluded });
				problems.push(...walked.problems.map((x) => `${x.path}: ${x.reason}`));
				// Links out of the folder are not walked; handing the file ones on lets the write
				// check below name each of them ("a symlink ... outside the scanned paths").
				const links = walked.outside.filter((f) => f.endsWith('.py'));
				return [...walked.files, ...links].map((file) => ({ file, root: abs }));
			})()
			: [{ file: abs, root: path.dirname(abs) }];
		for (const entry of found) {
			if (!seen.has(entry.file)) {
				seen.add(entry.file);
				out.push(entry);
			}
		}
	}
	return out.sort((a, b) => comparePaths(a.file, b.file));
}
