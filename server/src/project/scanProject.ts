import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzeOptions, Engine } from '../engine';
import type { Settings } from '../settings';
import { LocalModuleFinder } from '../workspace/localModules';
import { ProjectIndex } from './index/projectIndex';
import { comparePaths, errorText, findPythonFiles, WalkResult } from '../workspace/walk';
import { nodeFileSystem, ProjectFileSystem } from './pipelineFiles';
import { dependencyFindings, MANIFEST_MAX_BYTES, ProjectFacts, readProjectFacts, resolvedMcpVersion, resolvesV2, summarizeUsage } from './project';
import { analyzeSource, isProjectFile, LocatedFinding, SourceAnalysis, sourceKind } from './sources';

// The project pipeline, the one behind the CLI's scan and report and the language server's
// workspace diagnostics: manifests → project facts (does the project resolve mcp >= 2?) → analyse
// each source and notebook → project findings (MCP301 on the manifests). The CLI runs it whole
// (scanProject / scanProjectWith); the server calls the same steps per folder and per changed file
// and keeps only the protocol side (result ids, long-poll, partial results, progress). NOT the
// place for output formats, LSP types or vscode.

/** Why an analysis was stopped: it ran over the time budget, or the worker ran out of heap. */
export type StopCause = 'time' | 'memory';

export interface Stopped {
	cause: StopCause;
	/** How long the analysis had run when it was stopped. */
	ms: number;
	/** The limit it hit: milliseconds for `time`, megabytes of heap for `memory`. */
	limit: number;
}

/** A source's analysis, plus why it stands in for an analysis that was stopped (its one MCP199). */
export type BudgetedSourceAnalysis = SourceAnalysis & { stopped?: Stopped };

/** How the pipeline has a source analysed; server/src/pool implements it in a budgeted worker. */
export interface SourceAnalyzer {
	analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis>;
	/** How many analyses to keep in flight (a pool of workers); 1 when absent. */
	readonly concurrency?: number;
}

export interface ProjectFile {
	file: string;
	/** Where the project's own top-level modules are looked for, besides the file's directory. */
	root: string;
}

/** The one located-finding type of a project: a finding of a source, placed in its file (and cell). */
export interface ProjectFinding extends LocatedFinding {
	/** Absolute path. */
	file: string;
}

export interface ProjectScan {
	/** Files read (sources, notebooks and manifests). */
	scanned: number;
	entries: ProjectFinding[];
	facts: ProjectFacts;
	mcpResolvesV2: boolean;
	problems: string[];
	/** Files whose analysis was stopped by the budget (each also has its MCP199 in `entries`). */
	stopped: { file: string; stopped: Stopped }[];
}

// --- the steps ---------------------------------------------------------------------------------

/** The project files under a folder: sources, notebooks, manifests and lock files; `isExcluded` is the exclude policy. */
export function walkProject(root: string, isExcluded: (absPath: string) => boolean): WalkResult {
	const walked = findPythonFiles(root, { accept: isProjectFile, isExcluded: (abs) => isExcluded(abs) });
	// Lock files are routinely git-ignored but still say which mcp the project runs: the root's
	// are read unless the user's own exclude names them.
	const locks = ROOT_LOCK_FILES.map((name) => path.join(root, name))
		.filter((file) => !walked.files.includes(file) && !isExcluded(file) && isRegularFile(file));
	return locks.length === 0 ? walked : { ...walked, files: [...walked.files, ...locks].sort(comparePaths) };
}

const ROOT_LOCK_FILES = ['uv.lock', 'poetry.lock'];

function isRegularFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

export function isManifest(file: string): boolean {
	return sourceKind(path.basename(file)) === 'manifest';
}

/** Step 1: what the manifests declare and resolve; MCP103 is an Error when mcp >= 2 resolves. */
export function readFacts(manifests: readonly string[], roots: readonly string[], files: ProjectFileSystem = nodeFileSystem): { facts: ProjectFacts; mcpResolvesV2: boolean; mcpVersion?: string } {
	const facts = readProjectFacts(manifests, roots, (file) => files.readText(file, MANIFEST_MAX_BYTES));
	return { facts, mcpResolvesV2: resolvesV2(facts), mcpVersion: resolvedMcpVersion(facts) };
}

/** Step 2 (the reading half): a source's text, or the one-line reason it cannot be read. */
export function readSource(file: string, files: ProjectFileSystem = nodeFileSystem): { text: string } | { error: string } {
	try {
		return { text: files.readText(file) };
	} catch (err) {
		return { error: errorText(err) };
	}
}

/** Step 2 (the placing half): the analysis of `file` as project findings. */
export function placeFindings(file: string, analysis: BudgetedSourceAnalysis): ProjectFinding[] {
	return analysis.findings.map((f) => ({ file, cell: f.cell, finding: f.finding, range: f.range }));
}

/**
 * Step 3: MCP301 on the manifests from every source finding. `display` names a place the way the
 * caller shows it; the first V1-only finding in display order is quoted.
 */
export function projectFindings(
	facts: ProjectFacts, findings: readonly ProjectFinding[], settings: Settings, display: (file: string, cell?: number) => string,
): ProjectFinding[] {
	const ordered = findings
		.map((e) => ({ e, name: display(e.file) }))
		.sort((a, b) => compare(a.name, b.name) || (a.e.cell ?? 0) - (b.e.cell ?? 0)
			|| a.e.range.start.line - b.e.range.start.line || a.e.range.start.character - b.e.range.start.character)
		.map(({ e }) => ({ file: e.file, finding: e.finding, where: `${display(e.file, e.cell)}:${e.range.start.line + 1}` }));
	// A manifest speaks for the code next to it and below: in a folder of several projects (each with
	// its pyproject.toml), one project's V1 leftovers say nothing about another's requirement.
	const usageOf = (manifest: string) => {
		const dir = path.dirname(manifest);
		return summarizeUsage(ordered.filter((o) => isUnder(o.file, dir)));
	};
	const out: ProjectFinding[] = [];
	for (const [file, list] of dependencyFindings(facts, usageOf, settings)) {
		for (const finding of list) {
			out.push({ file, finding, range: finding.range });
		}
	}
	return out;
}

// --- the whole run (CLI) -----------------------------------------------------------------------

interface AnalysisRequest {
	file: string;
	text: string;
	options: AnalyzeOptions;
}

/** What became of one request: its analysis, or why it failed. */
type Outcome = { result: BudgetedSourceAnalysis } | { failure: unknown };
const DRAIN = 'drain';

/**
 * The run as a generator: it yields each source to analyse, then DRAIN, and gets back every
 * outcome in request order; so the same steps drive an in-thread engine (scanProject) and a pool
 * of budgeted workers analysing several files at once (scanProjectWith).
 */
function* run(
	files: readonly ProjectFile[], roots: readonly string[], settings: Settings,
	display: (file: string, cell?: number) => string, fileSystem: ProjectFileSystem, index?: ProjectIndex,
): Generator<AnalysisRequest | typeof DRAIN, ProjectScan, Outcome[] | undefined> {
	const manifests = files.filter((f) => isManifest(f.file)).map((f) => f.file);
	const { facts, mcpResolvesV2, mcpVersion } = readFacts(manifests, roots, fileSystem);
	const problems = [...facts.problems];
	const entries: ProjectFinding[] = [];
	const stopped: ProjectScan['stopped'] = [];
	const localModules = new LocalModuleFinder();
	index?.addFiles(files.map((f) => f.file));
	let scanned = manifests.length;
	const requested: string[] = [];
	for (const { file, root } of files) {
		if (isManifest(file)) {
			continue;
		}
		const read = readSource(file, fileSystem);
		if ('error' in read) {
			problems.push(`cannot read ${display(file)}: ${read.error}`);
			continue;
		}
		scanned++;
		if (!settings.enable) {
			continue;
		}
		requested.push(file);
		const project = file.endsWith('.py') ? index?.viewFor(file, read.text) : undefined;
		yield { file, text: read.text, options: { settings, localModules: localModules.forFile(file, root), mcpResolvesV2, mcpVersion, project } };
	}
	const outcomes = (yield DRAIN) ?? [];
	for (const [i, file] of requested.entries()) {
		const outcome = outcomes[i];
		if ('failure' in outcome) {
			const err = outcome.failure;
			problems.push(`cannot analyse ${display(file)}: ${err instanceof Error ? err.message : String(err)}`);
		} else {
			const result = outcome.result;
			if (result.problem) {
				problems.push(result.problem);
			}
			if (result.stopped) {
				stopped.push({ file, stopped: result.stopped });
			}
			entries.push(...placeFindings(file, result));
		}
	}
	if (settings.enable) {
		entries.push(...projectFindings(facts, entries, settings, display));
	}
	return { scanned, entries, facts, mcpResolvesV2, problems, stopped };
}

/** The whole project with the engine in this thread (tests and tools that hold an Engine). */
export function scanProject(
	engine: Engine, files: readonly ProjectFile[], roots: readonly string[], settings: Settings,
	display: (file: string, cell?: number) => string, fileSystem: ProjectFileSystem = nodeFileSystem, index?: ProjectIndex,
): ProjectScan {
	const steps = run(files, roots, settings, display, fileSystem, index);
	const outcomes: Outcome[] = [];
	let next = steps.next();
	while (!next.done) {
		if (next.value === DRAIN) {
			next = steps.next(outcomes);
			continue;
		}
		const { file, text, options } = next.value;
		try {
			outcomes.push({ result: analyzeSource(engine, file, text, options) });
		} catch (failure) {
			outcomes.push({ failure });
		}
		next = steps.next();
	}
	return next.value;
}

/**
 * The whole project through an analyzer: the CLI's pool of workers, where each file has a time and
 * memory budget. Up to `analyzer.concurrency` files are in flight while the next ones are read.
 */
export async function scanProjectWith(
	analyzer: SourceAnalyzer, files: readonly ProjectFile[], roots: readonly string[], settings: Settings,
	display: (file: string, cell?: number) => string, fileSystem: ProjectFileSystem = nodeFileSystem, index?: ProjectIndex,
): Promise<ProjectScan> {
	// The project index (cross-file flows) unless the caller shares one of its own.
	index ??= await ProjectIndex.create(indexReader(fileSystem));
	const steps = run(files, roots, settings, display, fileSystem, index);
	const outcomes: Promise<Outcome>[] = [];
	const inFlight = new Set<Promise<Outcome>>();
	const window = Math.max(1, analyzer.concurrency ?? 1);
	let next = steps.next();
	while (!next.done) {
		if (next.value === DRAIN) {
			next = steps.next(await Promise.all(outcomes));
			continue;
		}
		const { file, text, options } = next.value;
		const outcome: Promise<Outcome> = analyzer.analyzeSource(file, text, options).then((result) => ({ result }), (failure: unknown) => ({ failure }));
		outcomes.push(outcome);
		inFlight.add(outcome);
		void outcome.then(() => inFlight.delete(outcome));
		if (inFlight.size >= window) {
			await Promise.race(inFlight);
		}
		next = steps.next();
	}
	return next.value;
}

/** The index reads sources through the pipeline's file system; an unreadable file has no entries. */
export function indexReader(fileSystem: ProjectFileSystem = nodeFileSystem): (file: string) => string | undefined {
	return (file) => {
		const read = readSource(file, fileSystem);
		return 'text' in read ? read.text : undefined;
	};
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `file` is `dir` or inside it. */
function isUnder(file: string, dir: string): boolean {
	const rel = path.relative(dir, file);
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
