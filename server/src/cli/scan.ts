import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine';
import type { Settings } from '../settings';
import { ProjectFile, ProjectScan, scanProject } from '../project/scanProject';
import { isProjectFile } from '../project/sources';
import { createExcludeMatcher } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';
import { describeSpecial } from '../workspace/readFile';
import { comparePaths, errorText, findPythonFiles } from '../workspace/walk';
import { UsageError } from './args';
import { CliDiagnostic, compareDiagnostics, ScanReport } from './report';

// `scan`: resolve the paths given, find the .py files, notebooks and manifests, analyse each
// (server/src/project/scanProject.ts), collect findings.

export interface ScanInput {
	paths: readonly string[];
	settings: Settings;
	cwd: string;
}

export interface ScanResult {
	report: ScanReport;
	/** Files found during the walk that could not be read; reported on stderr, the scan goes on. */
	problems: string[];
	/** The whole project as scanned (the report command builds on it). */
	project: ProjectScan;
}

type FileToScan = ProjectFile;

export function scan(engine: Engine, input: ScanInput): ScanResult {
	const { files, problems, roots } = resolvePaths(input);
	const show = (file: string, cell?: number) => display(input.cwd, file) + (cell === undefined ? '' : `#cell=${cell}`);
	const project = scanProject(engine, files, roots, input.settings, show);
	problems.push(...project.problems);
	const diagnostics: CliDiagnostic[] = project.entries.map(({ file, cell, finding: f, range }) =>
		({ file: show(file, cell), range, severity: f.severity, code: f.code, message: f.message, symbol: f.symbol, href: f.href }));
	diagnostics.sort(compareDiagnostics);
	return { report: { files: project.scanned, diagnostics }, problems, project };
}

/**
 * Checks every path first (a typo must fail the run before any output), then expands folders.
 * Files named explicitly are scanned whatever their extension or ignore rules say.
 */
function resolvePaths(input: ScanInput): { files: FileToScan[]; problems: string[]; roots: string[] } {
	const excluded = createExcludeMatcher(input.settings.exclude);
	const isExcluded = (abs: string) => excluded(toPosix(path.relative(input.cwd, abs)));
	const roots = checkPaths(input.paths, input.cwd);

	const files: FileToScan[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const { abs, isDir } of roots) {
		let found: FileToScan[];
		if (isDir) {
			const walked = findPythonFiles(abs, { isExcluded, accept: isProjectFile });
			problems.push(...walked.problems.map((p) => `cannot read ${display(input.cwd, p.path)}: ${p.reason}`));
			if (walked.undecodable.length > 0) {
				// Skipping them would let CI pass over files nobody scanned.
				const more = walked.undecodable.length > 1 ? ` (and ${walked.undecodable.length - 1} more)` : '';
				throw new UsageError(`cannot scan ${display(input.cwd, walked.undecodable[0])}${more}: the name is not valid UTF-8; rename it or exclude it`);
			}
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
	return { files, problems, roots: roots.filter((r) => r.isDir).map((r) => r.abs) };
}

/**
 * The paths given on the command line, each checked to exist, be readable and be a folder or a
 * regular file. A FIFO, socket or device is refused before anything opens it (a FIFO blocks the
 * read, /dev/zero never ends): a usage error, exit 2. `scan --fix` checks them the same way first.
 */
export function checkPaths(paths: readonly string[], cwd: string): { abs: string; isDir: boolean }[] {
	return paths.map((p) => {
		const abs = path.resolve(cwd, p);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(abs);
			fs.accessSync(abs, fs.constants.R_OK);
		} catch (err) {
			throw new UsageError(`cannot read ${p}: ${errorText(err)}`);
		}
		const special = describeSpecial(stat);
		if (special) {
			throw new UsageError(`cannot scan ${p}: it is ${special}, not a file or folder`);
		}
		return { abs, isDir: stat.isDirectory() };
	});
}

function display(cwd: string, file: string): string {
	return toPosix(path.relative(cwd, file)) || path.basename(file);
}
