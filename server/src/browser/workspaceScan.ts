import * as path from 'path';
import {
	CancellationToken, Diagnostic, FileEvent, ResultProgressReporter, WorkDoneProgressReporter,
	WorkspaceDiagnosticParams, WorkspaceDiagnosticReport, WorkspaceDiagnosticReportPartialResult,
} from 'vscode-languageserver';
import type { Finding, Range } from '../analysis/model';
import type { FolderInfo, ScanWorkspaceResult } from '../common/workspaceProtocol';
import { LongPoll } from '../lsp/longPoll';
import { toDiagnostic } from '../lsp/toDiagnostic';
import type { WorkspaceScanDeps } from '../lsp/workspaceScan';
import { MANIFEST_MAX_BYTES } from '../project/project';
import { isManifest, ProjectScan, scanProjectWith, SourceAnalyzer } from '../project/scanProject';
import { isProjectFile } from '../project/sources';
import { surfaceOf } from '../report/fromProject';
import { renderMarkdown } from '../report/surface';
import { countVerdicts } from '../report/verdictCounts';
import { createPathExcluder } from '../workspace/exclude';
import { ClientFiles, FetchedFiles, pathOfUri } from './clientFiles';

// The whole-project review in the web worker: the same project pipeline as the CLI and the desktop
// server (project/scanProject.ts: manifests → facts → each source → MCP301), fed with files the
// client lists and reads through vscode.workspace.fs. It answers the requests the desktop
// scanner answers (workspace diagnostics with long-poll, Scan Workspace with progress and
// cancellation, the report), but a change re-reads the folder as a whole: reads cost a network
// round trip in github.dev, so they run a few at a time and only when something changed.
// NOT incremental per file, and it does not look for local modules that shadow the SDK (that needs
// directory lookups the client does not offer).

/** What a folder's project files look like to vscode.workspace.findFiles. */
const PROJECT_GLOBS = ['**/*.py', '**/*.ipynb', '**/pyproject.toml', '**/requirements*.txt', '**/uv.lock', '**/poetry.lock'];
/** A browser tab is not the place to review a monorepo file by file. */
const MAX_FILES = 5000;
/**
 * Above this many project files the scan waits for the Scan Workspace command instead of starting
 * on its own: opening a large repository in github.dev must not fetch it file by file unasked.
 */
const AUTO_SCAN_MAX_FILES = 1000;
/** Reads in flight at once (each one a request to the client, often a fetch in github.dev). */
const PARALLEL_READS = 8;

interface FileState {
	uri: string;
	folder: string;
	/** Diagnostics of the file whether it is open or not; `shown` is what the workspace report carries. */
	all: Diagnostic[];
	shown: Diagnostic[];
	resultId: string;
}

interface FolderScan {
	uri: string;
	path: string;
	project: ProjectScan;
	uriOf: Map<string, string>;
}

export class BrowserWorkspaceScanner {
	private readonly files = new Map<string, FileState>();
	private readonly folders = new Map<string, FolderScan>();
	private readonly client: ClientFiles;
	private dirty = true;
	private generation = 0;
	private readonly poll = new LongPoll();

	constructor(private readonly deps: WorkspaceScanDeps) {
		this.client = new ClientFiles(deps.connection);
		const refresh = ({ uri }: { uri: string }) => {
			const state = this.files.get(uri);
			if (state) {
				this.refresh(state);
			}
			this.poll.wake();
		};
		deps.documents.onDidOpen(({ document }) => refresh(document));
		// A closed file shows its last scanned findings again; a save arrives as a file change.
		deps.documents.onDidClose(({ document }) => refresh(document));
		deps.notebooks.onDidOpen(refresh);
		deps.notebooks.onDidClose(refresh);
	}

	environmentChanged(): void {
		this.dirty = true;
		this.poll.wake();
	}

	/** Whether a scanned folder resolves mcp >= 2 (browser documents have no file path to place them by). */
	resolvesV2For(_file: string): boolean {
		return [...this.folders.values()].some((f) => f.project.mcpResolvesV2);
	}

	filesChanged(changes: readonly FileEvent[]): void {
		if (changes.some((c) => isProjectFile(path.basename(pathOfUri(c.uri))))) {
			this.dirty = true;
			this.poll.wake();
		}
	}

	async workspaceDiagnostics(
		params: WorkspaceDiagnosticParams, token: CancellationToken,
		partial: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
	): Promise<WorkspaceDiagnosticReport> {
		return this.poll.answer(params, token, partial, () => this.update(token),
			() => [...this.files.values()].map((f) => ({ uri: f.uri, resultId: f.resultId, items: f.shown })));
	}

	/** Every finding of the scanned folders, counted by verdict (the toast's and the status item's figures). */
	counts(): ScanWorkspaceResult['counts'] {
		return countVerdicts([...this.folders.values()].flatMap((scan) => scan.project.entries.map((e) => e.finding.severity)));
	}

	/** Per folder: which mcp the scan resolved and from which files (the target setting is not consulted here). */
	async folderInfo(): Promise<FolderInfo[]> {
		await this.poll.serialized(() => this.update(CancellationToken.None));
		return [...this.folders.values()].map((scan) => {
			const { resolved, requirements, problems } = scan.project.facts;
			const rel = (file: string) => path.relative(scan.path, file);
			const from = resolved.length > 0 ? resolved.map((r) => `${r.version} in ${rel(r.file)}`).join(', ')
				: requirements.length > 0 ? requirements.map((r) => `${r.text} in ${rel(r.file)}`).join(', ')
					: 'no lock file or mcp requirement found';
			return {
				folder: scan.path,
				uri: scan.uri,
				target: scan.project.mcpResolvesV2 ? 'mcp 2.x' : 'mcp 1.x',
				targetFrom: from,
				resolved: resolved.map((r) => ({ version: r.version, file: rel(r.file), source: r.source })),
				problems: [...problems],
				settings: null,
			};
		});
	}

	/** Files whose last tab closed: the client dropped their results, so they are sent again under new ids. */
	documentsHidden(uris: readonly string[]): void {
		for (const uri of uris) {
			const state = this.files.get(uri);
			if (state) {
				state.resultId = `${++this.generation}`;
			}
		}
		this.poll.wake();
	}

	/** Open manifests are only reported by the desktop server (their URIs here are not files). */
	async manifestDiagnostics(): Promise<Diagnostic[]> {
		return [];
	}

	async scanAll(token: CancellationToken, progress: WorkDoneProgressReporter | undefined): Promise<ScanWorkspaceResult> {
		this.dirty = true;
		const result = await this.poll.serialized(() => this.update(token, progress, true));
		this.poll.wake();
		return result;
	}

	async report(): Promise<string> {
		await this.poll.serialized(() => this.update(CancellationToken.None, undefined, this.folders.size === 0));
		const scans = [...this.folders.values()];
		const folderOf = (file: string) => scans.find((s) => s.uriOf.has(file));
		const show = (file: string, cell?: number) => {
			const scan = folderOf(file);
			const rel = scan ? path.relative(scan.path, file) : file;
			return `${scans.length > 1 && scan ? `${path.basename(scan.path)}/` : ''}${rel}${cell === undefined ? '' : `#cell=${cell}`}`;
		};
		const link = (file: string, line: number) => `${folderOf(file)?.uriOf.get(file) ?? file}#L${line}`;
		const project: ProjectScan = {
			scanned: 0, entries: [], facts: { requirements: [], resolved: [], texts: new Map(), problems: [] }, mcpResolvesV2: false, problems: [], stopped: [],
		};
		for (const scan of scans) {
			project.scanned += scan.project.scanned;
			project.entries.push(...scan.project.entries);
			project.facts.requirements.push(...scan.project.facts.requirements);
			project.facts.resolved.push(...scan.project.facts.resolved);
			project.mcpResolvesV2 ||= scan.project.mcpResolvesV2;
		}
		return renderMarkdown(surfaceOf(project, show, link, 'MCP auth API surface of the workspace'));
	}

	// --- internals -------------------------------------------------------------------------------

	private async update(token: CancellationToken, progress?: WorkDoneProgressReporter, force = false): Promise<ScanWorkspaceResult> {
		const result: ScanWorkspaceResult = { files: 0, parsed: 0, findings: 0, cancelled: false, counts: { breaks: 0, review: 0, unaffected: 0 } };
		if (this.dirty || force) {
			this.dirty = false;
			this.deps.settings.clear();
			try {
				await this.scan(token, progress, force, result);
			} catch (err) {
				if (token.isCancellationRequested) {
					result.cancelled = true;
				} else {
					this.deps.connection.console.error(`Workspace scan failed: ${err instanceof Error ? err.message : String(err)}`);
				}
			}
		}
		// The same figures as the desktop scan and the CLI: every finding of the scanned folders.
		result.counts = this.counts();
		result.findings = result.counts.breaks + result.counts.review + result.counts.unaffected;
		return result;
	}

	private async scan(token: CancellationToken, progress: WorkDoneProgressReporter | undefined, force: boolean, result: ScanWorkspaceResult): Promise<void> {
		const listing = await this.client.find(PROJECT_GLOBS, MAX_FILES, token);
		const seen = new Set<string>();
		const plans: { uri: string; folder: string; settings: Awaited<ReturnType<WorkspaceScanDeps['settings']['get']>>; files: Map<string, string> }[] = [];
		for (const folder of listing.folders) {
			if (folder.truncated) {
				this.deps.connection.console.warn(`Workspace scan: only the first ${MAX_FILES} files of ${folder.uri} are read.`);
			}
			const settings = await this.deps.settings.get(folder.uri);
			if (!settings.enable || (settings.scope !== 'workspace' && !force)) {
				continue;
			}
			const folderPath = pathOfUri(folder.uri);
			const excluded = createPathExcluder(folderPath, settings.exclude);
			const files = new Map<string, string>();
			for (const uri of folder.files) {
				const file = pathOfUri(uri);
				if (isProjectFile(path.basename(file)) && !excluded(file)) {
					files.set(file, uri);
				}
			}
			plans.push({ uri: folder.uri, folder: folderPath, settings, files });
		}
		const total = plans.reduce((n, p) => n + p.files.size, 0);
		if (!force && total > AUTO_SCAN_MAX_FILES) {
			this.deps.connection.console.info(`The workspace has ${total} Python and project files; in the browser they are read only on request: run "MCP Auth Hints: Scan Workspace".`);
			return;
		}
		let done = 0;
		const report = (message: string) => progress?.report(Math.round((done / Math.max(1, total)) * 100), message);
		for (const plan of plans) {
			const fetched = new FetchedFiles();
			await inParallel([...plan.files], PARALLEL_READS, token, async ([file, uri]) => {
				try {
					fetched.set(file, await this.client.read(uri, MANIFEST_MAX_BYTES, token));
				} catch (err) {
					fetched.fail(file, err instanceof Error ? err : new Error(String(err)));
				}
				done++;
				report(`${done}/${total} files read`);
			});
			if (token.isCancellationRequested) {
				result.cancelled = true;
				return;
			}
			// The pipeline analyses the fetched texts; each source is one analysis in this worker.
			const analyzer = this.deps.analyzer();
			let analysed = 0;
			const counted: SourceAnalyzer = {
				analyzeSource: async (file, text, options) => {
					if (token.isCancellationRequested) {
						throw new Error('cancelled');
					}
					if (++analysed % 20 === 0) {
						// Let cancellation and the open documents' requests in between files.
						await new Promise((resolve) => setTimeout(resolve, 0));
					}
					if (/mcp/.test(text)) {
						result.parsed++;
					}
					return analyzer.analyzeSource(file, text, options);
				},
			};
			const files = [...plan.files.keys()].sort().map((file) => ({ file, root: plan.folder }));
			const display = (file: string, cell?: number) => `${path.relative(plan.folder, file)}${cell === undefined ? '' : `#cell=${cell}`}`;
			const project = await scanProjectWith(counted, files, [plan.folder], plan.settings, display, fetched);
			if (token.isCancellationRequested) {
				result.cancelled = true;
				return;
			}
			for (const problem of project.problems) {
				this.deps.connection.console.warn(problem);
			}
			result.files += project.scanned;
			this.folders.set(plan.uri, { uri: plan.uri, path: plan.folder, project, uriOf: plan.files });
			for (const [file, uri] of plan.files) {
				seen.add(uri);
				const entries = project.entries.filter((e) => e.file === file);
				const diagnostics = entries.map((e) => e.cell === undefined
					? bare(uri, e.finding, e.range)
					: bare(uri, { ...e.finding, message: `cell ${e.cell}, line ${e.range.start.line + 1}: ${e.finding.message}` }, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }));
				this.set(uri, plan.uri, isManifest(file) || diagnostics.length > 0 || this.files.has(uri) ? diagnostics : undefined);
			}
		}
		// Files gone, excluded, or in folders no longer scanned: report them empty once.
		for (const state of this.files.values()) {
			if (!seen.has(state.uri)) {
				this.set(state.uri, state.folder, []);
			}
		}
		for (const uri of [...this.folders.keys()]) {
			if (!plans.some((p) => p.uri === uri)) {
				this.folders.delete(uri);
			}
		}
	}

	private set(uri: string, folder: string, diagnostics: Diagnostic[] | undefined): void {
		if (!diagnostics) {
			return;
		}
		let state = this.files.get(uri);
		if (!state) {
			state = { uri, folder, all: [], shown: [], resultId: `${++this.generation}` };
			this.files.set(uri, state);
		}
		state.all = diagnostics;
		this.refresh(state);
	}

	/** An open file reports nothing here: its document pull has the live diagnostics. */
	private refresh(state: FileState): void {
		const open = this.deps.documents.get(state.uri) !== undefined || this.deps.notebooks.getNotebookDocument(state.uri) !== undefined;
		const shown = open ? [] : state.all;
		if (JSON.stringify(shown) !== JSON.stringify(state.shown)) {
			state.shown = shown;
			state.resultId = `${++this.generation}`;
		}
	}



}

/** A closed file's diagnostic carries no fixes: they would be computed for text the editor does not have. */
function bare(uri: string, finding: Finding, range: Range): Diagnostic {
	return toDiagnostic({ ...finding, fixes: [], suppress: undefined }, { range, version: 0, locate: () => ({ uri, version: 0, range }) });
}

/** Runs `work` over `items`, at most `limit` at a time, and stops starting new ones once cancelled. */
async function inParallel<T>(items: readonly T[], limit: number, token: CancellationToken, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < items.length && !token.isCancellationRequested) {
			await work(items[next++]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
