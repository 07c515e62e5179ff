import * as fs from 'fs';
import * as path from 'path';
import type { Fix } from '../analysis/model';
import type { Settings } from '../settings';
import { ProjectFile, ProjectScan, scanProjectWith, SourceAnalyzer, walkProject } from '../project/scanProject';
import { createPathExcluder } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';
import { describeSpecial } from '../workspace/readFile';
import { comparePaths, errorText } from '../workspace/walk';
import { UsageError } from './args';
import { CliDiagnostic, compareDiagnostics, ScanReport } from './report';

// `scan`: resolve the paths given, find the .py files, notebooks and manifests, and run the
// project pipeline (server/src/project/scanProject.ts) over them through the budgeted analyzer.

export interface ScanInput {
	paths: readonly string[];
	settings: Settings;
	cwd: string;
	/** Folder the settings' exclude patterns are relative to (the config file's); default cwd. */
	excludeBase?: string;
	/** per-file-ignores from the configuration: findings it names are dropped. */
	ignoreFinding?: (absFile: string, code: string) => boolean;
}

export interface ScanResult {
	report: ScanReport;
	/** Files found during the walk that could not be read; reported on stderr, the scan goes on. */
	problems: string[];
	/** The whole project as scanned (the report command builds on it). */
	project: ProjectScan;
	/** Files whose analysis was stopped by the time or memory budget, as displayed, with why. */
	stopped: string[];
}

export async function scan(analyzer: SourceAnalyzer, input: ScanInput): Promise<ScanResult> {
	const { files, problems, roots } = resolvePaths(input);
	const show = (file: string, cell?: number) => display(input.cwd, file) + (cell === undefined ? '' : `#cell=${cell}`);
	const project = await scanProjectWith(analyzer, files, roots, input.settings, show);
	problems.push(...project.problems);
	const ignored = input.ignoreFinding ?? (() => false);
	const diagnostics: CliDiagnostic[] = project.entries.filter(({ file, finding }) => !ignored(file, finding.code)).map(({ file, cell, finding: f, range }) =>
		({ file: show(file, cell), range, severity: f.severity, code: f.code, message: f.message, symbol: f.symbol, href: f.href, ...fixOf(f.fixes ?? [], cell) }));
	diagnostics.sort(compareDiagnostics);
	const stopped = project.stopped.map(({ file, stopped: s }) =>
		`analysis of ${show(file)} stopped after ${Math.round(s.ms)} ms (${s.cause === 'time' ? `time budget ${s.limit} ms` : `memory limit ${s.limit} MB`}); the file was not checked`);
	return { report: { files: project.scanned, diagnostics }, problems, project, stopped };
}

/**
 * What `--fix` would do with a finding: 'safe' when a safe rewrite exists, 'review' when only
 * `--unsafe-fixes` would apply one. Notebook cells are never rewritten (--fix edits .py files only),
 * so their findings are not fixable here even when the editor offers the rewrite.
 */
function fixOf(fixes: readonly Fix[], cell: number | undefined): Pick<CliDiagnostic, 'fix' | 'fixTitles'> {
	if (cell !== undefined || fixes.length === 0) {
		return {};
	}
	return { fix: fixes.some((f) => f.safety === 'safe') ? 'safe' : 'review', fixTitles: fixes.map((f) => `${f.title} (${f.safety})`) };
}

/**
 * Checks every path first (a typo must fail the run before any output), then expands folders.
 * Files named explicitly are scanned whatever their extension or ignore rules say.
 */
function resolvePaths(input: ScanInput): { files: ProjectFile[]; problems: string[]; roots: string[] } {
	const isExcluded = createPathExcluder(input.excludeBase ?? input.cwd, input.settings.exclude);
	const roots = checkPaths(input.paths, input.cwd);

	const files: ProjectFile[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const { abs, isDir } of roots) {
		let found: ProjectFile[];
		if (isDir) {
			const walked = walkProject(abs, isExcluded);
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
 * `--force-exclude`: the paths without the files (not folders) that the exclude patterns match, as
 * Ruff does for the file names pre-commit passes. Folders are walked with the patterns anyway.
 */
export function withoutExcludedFiles(paths: readonly string[], cwd: string, excludeBase: string, exclude: readonly string[]): string[] {
	const isExcluded = createPathExcluder(excludeBase, exclude);
	return paths.filter((p) => {
		const abs = path.resolve(cwd, p);
		return fs.statSync(abs).isDirectory() || !isExcluded(abs);
	});
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
