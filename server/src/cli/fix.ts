import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine';
import { fixUntilStable } from '../fixes/apply';
import { unifiedDiff } from '../fixes/diff';
import type { Settings } from '../settings';
import { createExcludeMatcher } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';
import { LocalModuleFinder } from '../workspace/localModules';
import { comparePaths, errorText, findPythonFiles } from '../workspace/walk';

// `scan --fix` / `--unsafe-fixes` / `--diff`: applies the engine's rewrites to .py files until
// nothing changes (so a second run is a no-op). A file is written only when its text changed,
// atomically (temp file in the same folder + rename), and never when the result has syntax errors
// the original did not have, when it is not plain UTF-8, or when it changed on disk meanwhile.

export interface FixInput {
	paths: readonly string[];
	settings: Settings;
	cwd: string;
	/** Also apply 'review' fixes. */
	unsafe: boolean;
	/** Print a unified diff instead of writing. */
	diff: boolean;
}

export interface FixOutcome {
	/** Files (display paths) whose text the fixes change. */
	changed: string[];
	/** Findings that went away. */
	fixed: number;
	diff: string;
	/** Files left untouched, with the reason. */
	skipped: string[];
}

export function fixFiles(engine: Engine, input: FixInput): FixOutcome {
	const outcome: FixOutcome = { changed: [], fixed: 0, diff: '', skipped: [] };
	const localModules = new LocalModuleFinder();
	for (const { file, root } of pythonFiles(input, outcome.skipped)) {
		const rel = toPosix(path.relative(input.cwd, file)) || path.basename(file);
		let bytes: Buffer;
		let stat: fs.Stats;
		try {
			stat = fs.statSync(file);
			bytes = fs.readFileSync(file);
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
		const options = { settings: input.settings, localModules: localModules.forFile(file, root) };
		const result = fixUntilStable(text, (t) => engine.analyzeText(t, options).findings, { includeReview: input.unsafe });
		if (result.text === text) {
			continue;
		}
		if (engine.hasSyntaxErrors(result.text) && !engine.hasSyntaxErrors(text)) {
			outcome.skipped.push(`${rel}: the fixed text does not parse cleanly, left unchanged`);
			continue;
		}
		outcome.changed.push(rel);
		outcome.fixed += result.fixed;
		if (input.diff) {
			outcome.diff += unifiedDiff(text, result.text, `a/${rel}`, `b/${rel}`);
			continue;
		}
		const written = writeAtomically(file, stat, bytes, Buffer.concat([bom ? bytes.subarray(0, 3) : Buffer.alloc(0), Buffer.from(result.text, 'utf8')]));
		if (written !== true) {
			outcome.changed.pop();
			outcome.fixed -= result.fixed;
			outcome.skipped.push(`${rel}: ${written}, left unchanged`);
		}
	}
	return outcome;
}

/** Writes a temp file next to `file` and renames it over; refuses when the file changed since it was read. */
function writeAtomically(file: string, before: fs.Stats, original: Buffer, next: Buffer): true | string {
	const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
	try {
		fs.writeFileSync(tmp, next, { mode: before.mode & 0o7777, flag: 'wx' });
		const now = fs.statSync(file);
		if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || !fs.readFileSync(file).equals(original)) {
			fs.rmSync(tmp, { force: true });
			return 'changed on disk while fixing';
		}
		fs.renameSync(tmp, file);
		return true;
	} catch (err) {
		fs.rmSync(tmp, { force: true });
		return `cannot write (${errorText(err)})`;
	}
}

/** The .py files under the paths (explicit files whatever their extension), sorted, each once. */
function pythonFiles(input: FixInput, problems: string[]): { file: string; root: string }[] {
	const excluded = createExcludeMatcher(input.settings.exclude);
	const isExcluded = (abs: string) => excluded(toPosix(path.relative(input.cwd, abs)));
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
				return walked.files.map((file) => ({ file, root: abs }));
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
