import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../analysis/model';
import type { Engine } from '../engine';
import type { Settings } from '../settings';
import { decodeSource } from '../workspace/decode';
import { createExcludeMatcher } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';
import { LocalModuleFinder } from '../workspace/localModules';
import { comparePaths, errorText, findPythonFiles } from '../workspace/walk';
import { UsageError } from './args';
import { CliDiagnostic, compareDiagnostics, ScanReport } from './report';

// `scan`: resolve the paths given, find the .py files, analyse each, collect findings.

export interface ScanInput {
	paths: readonly string[];
	settings: Settings;
	cwd: string;
}

export interface ScanResult {
	report: ScanReport;
	/** Files found during the walk that could not be read; reported on stderr, the scan goes on. */
	problems: string[];
}

interface FileToScan {
	file: string;
	/** Where the project's own top-level modules are looked for, besides the file's directory. */
	root: string;
}

export function scan(engine: Engine, input: ScanInput): ScanResult {
	const { files, problems } = resolvePaths(input);
	const localModules = new LocalModuleFinder();
	const diagnostics: CliDiagnostic[] = [];
	let scanned = 0;
	for (const { file, root } of files) {
		let text: string;
		try {
			text = decodeSource(fs.readFileSync(file));
		} catch (err) {
			problems.push(`cannot read ${display(input.cwd, file)}: ${errorText(err)}`);
			continue;
		}
		scanned++;
		if (!input.settings.enable) {
			continue;
		}
		let findings: Finding[];
		try {
			findings = engine.analyzeText(text, { settings: input.settings, localModules: localModules.forFile(file, root) }).findings;
		} catch (err) {
			problems.push(`cannot analyse ${display(input.cwd, file)}: ${err instanceof Error ? err.message : String(err)}`);
			continue;
		}
		const rel = display(input.cwd, file);
		for (const f of findings) {
			diagnostics.push({ file: rel, range: f.range, severity: f.severity, code: f.code, message: f.message, symbol: f.symbol, href: f.href });
		}
	}
	diagnostics.sort(compareDiagnostics);
	return { report: { files: scanned, diagnostics }, problems };
}

/**
 * Checks every path first (a typo must fail the run before any output), then expands folders.
 * Files named explicitly are scanned whatever their extension or ignore rules say.
 */
function resolvePaths(input: ScanInput): { files: FileToScan[]; problems: string[] } {
	const excluded = createExcludeMatcher(input.settings.exclude);
	const isExcluded = (abs: string) => excluded(toPosix(path.relative(input.cwd, abs)));
	const roots = input.paths.map((p) => {
		const abs = path.resolve(input.cwd, p);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(abs);
			fs.accessSync(abs, fs.constants.R_OK);
		} catch (err) {
			throw new UsageError(`cannot read ${p}: ${errorText(err)}`);
		}
		return { abs, isDir: stat.isDirectory() };
	});

	const files: FileToScan[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const { abs, isDir } of roots) {
		let found: FileToScan[];
		if (isDir) {
			const walked = findPythonFiles(abs, { isExcluded });
			problems.push(...walked.problems.map((p) => `cannot read ${display(input.cwd, p.path)}: ${p.reason}`));
			found = walked.files.map((file) => ({ file, root: abs }));
		} else {
			found = [{ file: abs, root: path.dirname(abs) }];
		}
		for (const entry of found) {
			if (!seen.has(entry.file)) {
				seen.add(entry.file);
				files.push(entry);
			}
		}
	}
	files.sort((a, b) => comparePaths(a.file, b.file));
	return { files, problems };
}

function display(cwd: string, file: string): string {
	return toPosix(path.relative(cwd, file)) || path.basename(file);
}
