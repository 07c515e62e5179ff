import * as path from 'path';
import { pathToFileURL } from 'url';
import {
	CancellationToken, Connection, Diagnostic, FileChangeType, FileEvent, NotebookDocuments,
	ResultProgressReporter, TextDocuments, WorkDoneProgressReporter, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
	WorkspaceDiagnosticReportPartialResult,
} from 'vscode-languageserver';
import type { Finding, Range, Severity } from '../analysis/model';
import type { ProjectView } from '../analysis/values';
import type { Analyzer } from '../pool/analyzer';
import { parseManifest } from '../project/manifests';
import { nodeFileSystem } from '../project/pipelineFiles';
import type { ProjectFacts } from '../project/project';
import {
	isManifest, placeFindings, ProjectFinding, projectFindings, ProjectScan, readFacts, readSource, walkProject,
} from '../project/scanProject';
import { isProjectFile, sourceKind } from '../project/sources';
import { surfaceOf } from '../report/fromProject';
import { urlPath } from '../report/links';
import { renderMarkdown } from '../report/surface';
import { countVerdicts } from '../report/verdictCounts';
import { Settings, targetsV2 } from '../settings';
import { createPathExcluder, expandBraces } from '../workspace/exclude';
import { toPosix } from '../workspace/gitignore';
import { LocalModuleFinder } from '../workspace/localModules';
import type { SettingsStore } from './settingsStore';
import type { SyncedDocument } from './syncedDocument';
import { toDiagnostic } from './toDiagnostic';
import { LongPoll } from './longPoll';
import { uriToPath, WorkspaceFolders } from './workspaceFolders';
import type { FolderInfo, ScanWorkspaceResult } from '../common/workspaceProtocol';

// Findings of the workspace's files as they are on disk, through LSP workspace diagnostics
// (workspace/diagnostic). Open files are in the report too: the client favours a document's own
// pull result over the workspace one (one collection, keyed by URI, so never both), and a document
// whose tab closed while VS Code keeps its text model (no didClose) falls back on the workspace
// result at once (`documentsHidden`), so every file VS Code does not show stays in Problems.
//
// Why pull and not publishDiagnostics: vscode-languageclient 10 keeps pushed and pulled
// diagnostics in separate collections, so a closed file's pushed findings would sit next to the
// pulled ones once it is opened (duplicates) unless the server raced to clear them. With workspace
// pull the client itself prefers a document's own pull result over the workspace result, does a
// last document pull when a file closes and then takes the workspace result again, and sends the
// previous resultIds so unchanged files cost nothing. The client re-requests the workspace report
// two seconds after each answer, so this server long-polls: a request that has nothing new to say
// stays open until a file, a setting or a folder changes (or the client cancels it).
//
// The findings come from the project pipeline (server/src/project/scanProject.ts), the same steps
// the CLI runs: this module only decides when to run them and speaks the protocol (result ids,
// long-poll, partial results, progress). Files are analysed in the budgeted worker, so one
// pathological file costs an MCP199, not the server.
//
// State kept per file: its diagnostics and findings, never a syntax tree (the worker parses,
// analyses and frees; files without "mcp" are not even parsed).
//
// What a closed file reports follows `mcpAuthHints.workspaceScope`: by default only its breaks
// (Warning and above), so Problems shows what must change, not the inventory; an open file always
// reports everything through its document pull. The counts (Scan Workspace, the status item) are
// of every finding, by verdict, as the CLI counts them.

interface FileState {
	uri: string;
	file: string;
	folder: string;
	/** Findings from the file on disk, with their place (cell for a notebook). */
	entries: ProjectFinding[];
	/** Bumped whenever the diagnostics reported for the file change. */
	resultId: string;
	/** What was last reported under `resultId`. */
	diagnostics: Diagnostic[];
	/** What the file reports now: empty when it is out of scope or gone. */
	all: Diagnostic[];
	parsed: boolean;
}

interface FolderState {
	folder: string;
	uri: string;
	settings: Settings;
	scanned: boolean;
	facts: ProjectFacts;
	mcpResolvesV2: boolean;
	/** MCP301 findings of the folder's manifests. */
	manifestFindings: ProjectFinding[];
}

export interface WorkspaceScanDeps {
	connection: Connection;
	analyzer: () => Analyzer;
	folders: WorkspaceFolders;
	settings: SettingsStore;
	/** The settings for one file of a folder: the project configuration's per-file-ignores added. */
	fileSettings?: (folderSettings: Settings, file: string) => Settings;
	documents: TextDocuments<SyncedDocument>;
	notebooks: NotebookDocuments<SyncedDocument>;
	/** Whether workspace/configuration may be asked for the `files` section. */
	canFetchConfiguration: boolean;
	/** What other modules of the folder tell a file (project index), as open documents get it. */
	projectView?: (file: string, text: string, folder: string | undefined) => ProjectView | undefined;
}


export class WorkspaceScanner {
	private readonly files = new Map<string, FileState>();
	private readonly folderStates = new Map<string, FolderState>();
	/** Folders to (re)scan completely; files to re-read. */
	private readonly dirtyFolders = new Set<string>();
	private readonly dirtyFiles = new Set<string>();
	private readonly localModules = new LocalModuleFinder();
	private generation = 0;
	private readonly poll = new LongPoll();
	private allDirty = true;
	/** Whether a folder resolves mcp >= 2 from its root lock files / venv (folders not scanned yet). */
	private readonly rootResolution = new Map<string, boolean>();

	constructor(private readonly deps: WorkspaceScanDeps) {
		deps.documents.onDidOpen(({ document }) => this.openStateChanged(document.uri));
		deps.documents.onDidClose(({ document }) => this.openStateChanged(document.uri, true));
		deps.notebooks.onDidOpen((notebook) => this.openStateChanged(notebook.uri));
		deps.notebooks.onDidClose((notebook) => this.openStateChanged(notebook.uri, true));
	}

	/** Settings or workspace folders changed: every folder is scanned again. */
	environmentChanged(): void {
		this.allDirty = true;
		this.rootResolution.clear();
		this.poll.wake();
	}

	/** Whether the project of `file` resolves mcp >= 2 (for open documents' MCP103 severity). */
	resolvesV2For(file: string): boolean {
		const folder = this.deps.folders.folderOf(file);
		return folder ? this.folderResolvesV2(folder) : false;
	}

	private folderResolvesV2(folder: string): boolean {
		const state = this.folderStates.get(folder);
		if (state?.scanned && !this.dirtyFolders.has(folder) && !this.allDirty) {
			return state.mcpResolvesV2;
		}
		let resolved = this.rootResolution.get(folder);
		if (resolved === undefined) {
			const locks = ['uv.lock', 'poetry.lock'].map((n) => path.join(folder, n)).filter((f) => nodeFileSystem.exists(f));
			resolved = readFacts(locks, [folder]).mcpResolvesV2;
			this.rootResolution.set(folder, resolved);
		}
		return resolved;
	}

	/**
	 * The client closed the last tab of these documents but keeps them open (VS Code disposes a
	 * closed editor's text model later, so no didClose comes). The client has dropped their document
	 * results and their workspace result ids: send them again now, under new result ids, so a
	 * pending long-poll answers instead of waiting for the next change.
	 */
	documentsHidden(uris: readonly string[]): void {
		for (const uri of uris) {
			const file = uriToPath(uri);
			const state = file ? this.files.get(file) : undefined;
			if (state) {
				state.resultId = `${++this.generation}`;
			}
		}
		this.poll.wake();
	}

	/** workspace/didChangeWatchedFiles. */
	filesChanged(changes: readonly FileEvent[]): void {
		for (const change of changes) {
			const file = uriToPath(change.uri);
			if (!file) {
				continue;
			}
			const name = path.basename(file);
			const folder = this.deps.folders.folderOf(file);
			if (!folder) {
				continue;
			}
			this.localModules.invalidate(file);
			if (sourceKind(name) === 'manifest' || name === '.gitignore' || name.endsWith('.dist-info')) {
				this.rootResolution.delete(folder);
				this.dirtyFolders.add(folder);
			} else if (name.endsWith('.py') && change.type !== FileChangeType.Changed) {
				// A new or deleted module can shadow the SDK for its neighbours: their imports change meaning.
				this.dirtyFolders.add(folder);
			} else if (isProjectFile(name) || change.type === FileChangeType.Deleted) {
				this.dirtyFiles.add(file);
				if (change.type === FileChangeType.Deleted) {
					// A deleted folder arrives as one event: drop everything below it.
					for (const f of this.files.keys()) {
						if (f.startsWith(file + path.sep)) {
							this.dirtyFiles.add(f);
						}
					}
				}
			}
		}
		this.poll.wake();
	}

	/** workspace/diagnostic: full or partial reports of every changed file; long-polls when nothing changed. */
	async workspaceDiagnostics(
		params: WorkspaceDiagnosticParams,
		token: CancellationToken,
		partial: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
	): Promise<WorkspaceDiagnosticReport> {
		return this.poll.answer(params, token, partial, () => this.update(token),
			() => [...this.files.values()].map((f) => ({ uri: f.uri, resultId: f.resultId, items: f.diagnostics })));
	}

	/** Diagnostics of an open manifest (pyproject.toml, requirements*.txt): MCP301 on its current text. */
	async manifestDiagnostics(uri: string, text: string): Promise<Diagnostic[]> {
		const file = uriToPath(uri);
		const folder = file && this.deps.folders.folderOf(file);
		if (!file || !folder) {
			return [];
		}
		await this.poll.serialized(() => this.update(CancellationToken.None));
		const state = this.folderStates.get(folder);
		if (!state || !state.scanned || !state.settings.enable) {
			return [];
		}
		const parsed = parseManifest(file, text);
		const facts: ProjectFacts = { requirements: parsed.requirements, resolved: [], texts: new Map([[file, text]]), problems: [] };
		return projectFindings(facts, this.entriesOf(folder), state.settings, this.displayIn(folder))
			.filter((f) => f.file === file)
			.map((f) => this.diagnostic(uri, f.finding, f.range));
	}

	/** The "Scan Workspace" command: every folder again, with progress and cancellation. */
	async scanAll(token: CancellationToken, progress: WorkDoneProgressReporter | undefined): Promise<ScanWorkspaceResult> {
		this.allDirty = true;
		const result = await this.poll.serialized(() => this.update(token, progress, true));
		this.poll.wake();
		return result;
	}

	/** The auth API-surface report of every enabled folder (scanned now when its scope is openFiles). */
	async report(): Promise<string> {
		await this.poll.serialized(async () => {
			await this.update(CancellationToken.None);
			for (const folder of this.deps.folders.list()) {
				const state = this.folderStates.get(folder);
				if (state && !state.scanned && state.settings.enable) {
					await this.scanFolder(state, CancellationToken.None, undefined, { done: 0, total: 0 }, true);
				}
			}
		});
		const folders = this.deps.folders.list();
		const multi = folders.length > 1;
		const show = (file: string, cell?: number) => {
			const folder = this.deps.folders.folderOf(file);
			const rel = folder ? toPosix(path.relative(folder, file)) : file;
			return `${multi && folder ? `${path.basename(folder)}/` : ''}${rel}${cell === undefined ? '' : `#cell=${cell}`}`;
		};
		const project: ProjectScan = {
			scanned: 0,
			entries: [],
			facts: { requirements: [], resolved: [], texts: new Map(), problems: [] },
			mcpResolvesV2: false,
			problems: [],
			stopped: [],
		};
		for (const state of this.folderStates.values()) {
			if (!state.scanned || !state.settings.enable) {
				continue;
			}
			project.facts.requirements.push(...state.facts.requirements);
			project.facts.resolved.push(...state.facts.resolved);
			project.facts.problems.push(...state.facts.problems);
			project.mcpResolvesV2 ||= state.mcpResolvesV2;
			project.entries.push(...state.manifestFindings);
		}
		for (const f of this.files.values()) {
			if (this.folderStates.get(f.folder)?.scanned && f.file && nodeFileSystem.exists(f.file)) {
				project.scanned++;
				project.entries.push(...f.entries);
			}
		}
		// `/`-rooted paths are relative to the first workspace folder in VS Code's Markdown preview,
		// which opens them at the `#L` line; a file of another folder is reached through `..`.
		const base = folders[0] ?? '';
		const link = (file: string, line: number, cell?: number) => `/${urlPath(toPosix(path.relative(base, file)))}${cell === undefined ? `#L${line}` : ''}`;
		return renderMarkdown(surfaceOf(project, show, link, 'MCP auth API surface of the workspace'));
	}

	/** Every finding of the scanned, enabled folders (open files as on disk), counted by verdict. */
	counts(): ScanWorkspaceResult['counts'] {
		const severities: Severity[] = [];
		for (const state of this.folderStates.values()) {
			if (state.scanned && state.settings.enable) {
				severities.push(...state.manifestFindings.map((f) => f.finding.severity));
			}
		}
		for (const f of this.files.values()) {
			const state = this.folderStates.get(f.folder);
			if (state?.scanned && state.settings.enable) {
				severities.push(...f.entries.map((e) => e.finding.severity));
			}
		}
		return countVerdicts(severities);
	}

	/** Per folder: the settings in effect and which mcp the code is checked against, and why. */
	async folderInfo(): Promise<FolderInfo[]> {
		await this.poll.serialized(() => this.update(CancellationToken.None));
		return this.deps.folders.list().map((folder) => {
			const state = this.folderStates.get(folder);
			const settings = state?.settings;
			const resolved = state?.scanned ? state.facts.resolved : [];
			const requirements = state?.scanned ? state.facts.requirements : [];
			const v2 = settings ? targetsV2(settings, this.folderResolvesV2(folder)) : false;
			const rel = (file: string) => toPosix(path.relative(folder, file));
			let from: string;
			if (settings && settings.target !== 'auto') {
				from = `mcpAuthHints.target = "${settings.target}"`;
			} else if (resolved.length > 0) {
				from = resolved.map((r) => `${r.version} in ${rel(r.file)}`).join(', ');
			} else if (requirements.length > 0) {
				from = requirements.map((r) => `${r.text} in ${rel(r.file)}`).join(', ');
			} else if (!state?.scanned) {
				from = 'not scanned (mcpAuthHints.workspaceScope is openFilesOnly)';
			} else {
				from = 'no lock file, venv or mcp requirement found';
			}
			return {
				folder,
				uri: pathToFileURL(folder).href,
				target: v2 ? 'mcp 2.x' : 'mcp 1.x',
				targetFrom: from,
				resolved: resolved.map((r) => ({ version: r.version, file: rel(r.file), source: r.source })),
				problems: state?.scanned ? [...state.facts.problems] : [],
				settings: settings ?? null,
			};
		});
	}

	// --- internals -------------------------------------------------------------------------------




	private openStateChanged(uri: string, closed = false): void {
		const file = uriToPath(uri);
		if (!file || !isProjectFile(path.basename(file))) {
			return;
		}
		if (closed && sourceKind(path.basename(file)) !== 'manifest') {
			// Its text on disk may differ from the buffer it had: read it again.
			this.dirtyFiles.add(file);
		}
		const state = this.files.get(file);
		if (state) {
			this.refreshDiagnostics(state);
		}
		this.poll.wake();
	}

	/** Brings every folder and dirty file up to date. */
	private async update(token: CancellationToken, progress?: WorkDoneProgressReporter, force = false): Promise<ScanWorkspaceResult> {
		const folders = this.deps.folders.list();
		const result: ScanWorkspaceResult = { files: 0, parsed: 0, findings: 0, counts: { breaks: 0, review: 0, unaffected: 0 }, cancelled: false };
		if (this.allDirty) {
			this.allDirty = false;
			this.deps.settings.clear();
			for (const folder of folders) {
				this.dirtyFolders.add(folder);
			}
			// Folders that were removed: report their files as empty once.
			for (const [folder] of this.folderStates) {
				if (!folders.includes(folder)) {
					this.folderStates.delete(folder);
					for (const f of this.files.values()) {
						if (f.folder === folder) {
							this.setDiagnostics(f, [], []);
						}
					}
				}
			}
		}
		const counter = { done: 0, total: 0 };
		const toScan: FolderState[] = [];
		for (const folder of folders) {
			if (!this.dirtyFolders.has(folder) && this.folderStates.has(folder)) {
				continue;
			}
			const uri = pathToFileURL(folder).href;
			const settings = await this.deps.settings.get(uri);
			const previous = this.folderStates.get(folder);
			const state: FolderState = {
				folder, uri, settings, scanned: false,
				facts: previous?.facts ?? { requirements: [], resolved: [], texts: new Map(), problems: [] },
				mcpResolvesV2: previous?.mcpResolvesV2 ?? false,
				manifestFindings: previous?.manifestFindings ?? [],
			};
			this.folderStates.set(folder, state);
			toScan.push(state);
		}
		for (const state of toScan) {
			this.dirtyFolders.delete(state.folder);
			const wanted = state.settings.enable && (state.settings.workspaceScope !== 'openFilesOnly' || force);
			if (!wanted) {
				for (const f of this.files.values()) {
					if (f.folder === state.folder) {
						this.setDiagnostics(f, [], []);
					}
				}
				continue;
			}
			const scanned = await this.scanFolder(state, token, progress, counter, false);
			result.files += scanned.files;
			result.parsed += scanned.parsed;
			if (token.isCancellationRequested) {
				result.cancelled = true;
				break;
			}
		}
		// Single files that changed (in folders not rescanned as a whole).
		const touched = new Set<string>();
		for (const file of [...this.dirtyFiles]) {
			if (token.isCancellationRequested) {
				break;
			}
			this.dirtyFiles.delete(file);
			const folder = this.deps.folders.folderOf(file);
			const state = folder && this.folderStates.get(folder);
			if (!folder || !state || !state.scanned) {
				continue;
			}
			await this.analyzeFile(state, file);
			touched.add(folder);
		}
		for (const folder of touched) {
			this.updateManifests(this.folderStates.get(folder)!);
		}
		result.counts = this.counts();
		result.findings = result.counts.breaks + result.counts.review + result.counts.unaffected;
		return result;
	}

	private async scanFolder(
		state: FolderState, token: CancellationToken, progress: WorkDoneProgressReporter | undefined,
		counter: { done: number; total: number }, reportOnly: boolean,
	): Promise<{ files: number; parsed: number }> {
		const walked = walkProject(state.folder, await this.excluder(state));
		for (const bad of walked.undecodable) {
			this.deps.connection.console.warn(`Not scanned: the name of ${bad} is not valid UTF-8.`);
		}
		// A nested workspace folder scans its own files.
		const files = walked.files.filter((f) => this.deps.folders.folderOf(f) === state.folder);
		const found = new Set(files);
		counter.total += files.length;
		({ facts: state.facts, mcpResolvesV2: state.mcpResolvesV2 } = readFacts(files.filter(isManifest), [state.folder]));
		for (const problem of state.facts.problems) {
			this.deps.connection.console.warn(problem);
		}
		state.scanned = true;
		// Files of this folder that are no longer there (or now excluded).
		for (const f of this.files.values()) {
			if (f.folder === state.folder && !found.has(f.file)) {
				this.setDiagnostics(f, [], []);
			}
		}
		let parsed = 0;
		let processed = 0;
		let lastReport = 0;
		for (const file of files) {
			if (token.isCancellationRequested) {
				break;
			}
			counter.done++;
			processed++;
			if (!isManifest(file)) {
				if (await this.analyzeFile(state, file, reportOnly)) {
					parsed++;
				}
			}
			if (progress && (counter.done - lastReport >= 25 || counter.done === counter.total)) {
				lastReport = counter.done;
				progress.report(Math.round((counter.done / Math.max(1, counter.total)) * 100), `${counter.done}/${counter.total} files`);
			}
			// Let other requests (document pulls, hovers, cancellation) in between files.
			if (counter.done % 20 === 0) {
				await new Promise((r) => setImmediate(r));
			}
		}
		this.updateManifests(state);
		return { files: processed, parsed };
	}

	/** Reads and analyses one file from disk; returns whether it was parsed. */
	private async analyzeFile(state: FolderState, file: string, reportOnly = false): Promise<boolean> {
		const uri = pathToFileURL(file).href;
		let existing = this.files.get(file);
		if (!existing) {
			existing = { uri, file, folder: state.folder, entries: [], resultId: `${++this.generation}`, diagnostics: [], all: [], parsed: false };
			this.files.set(file, existing);
		}
		existing.folder = state.folder;
		if (isManifest(file)) {
			// A manifest changed on its own: the folder's facts are read again.
			this.dirtyFolders.add(state.folder);
			return false;
		}
		const read = readSource(file);
		if ('error' in read) {
			this.setDiagnostics(existing, [], []);
			return false;
		}
		const { text } = read;
		let analysis;
		try {
			analysis = await this.deps.analyzer().analyzeSource(file, text, {
				settings: this.deps.fileSettings?.(state.settings, file) ?? state.settings,
				localModules: this.localModules.forFile(file, state.folder),
				mcpResolvesV2: state.mcpResolvesV2,
				// Closed files see the same cross-file facts as open ones and as the CLI.
				project: file.endsWith('.py') ? this.deps.projectView?.(file, text, state.folder) : undefined,
			});
		} catch (err) {
			this.deps.connection.console.error(`Workspace analysis of ${file} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
			return false;
		}
		if (analysis.stopped) {
			this.deps.connection.console.warn(`Workspace analysis of ${file} stopped after ${Math.round(analysis.stopped.ms)} ms (${analysis.stopped.cause === 'time' ? 'time budget' : 'memory limit'}).`);
		}
		const parsed = analysis.findings.length > 0 || /mcp/.test(text);
		const entries = placeFindings(file, analysis);
		if (reportOnly || state.settings.workspaceScope === 'openFilesOnly') {
			existing.entries = entries;
			return parsed;
		}
		const diagnostics = entries.filter((e) => shownWhenClosed(e, state.settings)).map((e) => e.cell === undefined
			? this.diagnostic(uri, e.finding, e.range)
			: this.diagnostic(uri, { ...e.finding, message: `cell ${e.cell}, line ${e.range.start.line + 1}: ${e.finding.message}` }, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }));
		this.setDiagnostics(existing, entries, diagnostics);
		return parsed;
	}

	private updateManifests(state: FolderState): void {
		if (!state.settings.enable) {
			return;
		}
		state.manifestFindings = projectFindings(state.facts, this.entriesOf(state.folder), state.settings, this.displayIn(state.folder));
		for (const file of state.facts.texts.keys()) {
			if (this.deps.folders.folderOf(file) !== state.folder) {
				continue;
			}
			let existing = this.files.get(file);
			const uri = pathToFileURL(file).href;
			if (!existing) {
				existing = { uri, file, folder: state.folder, entries: [], resultId: `${++this.generation}`, diagnostics: [], all: [], parsed: false };
				this.files.set(file, existing);
			}
			const findings = state.manifestFindings.filter((f) => f.file === file);
			this.setDiagnostics(existing, [], findings.filter((f) => shownWhenClosed(f, state.settings)).map((f) => this.diagnostic(uri, f.finding, f.range)));
		}
	}

	/** Stores the file's diagnostics; a new result id when they changed. */
	private setDiagnostics(state: FileState, entries: FileState['entries'], diagnostics: Diagnostic[]): void {
		state.entries = entries;
		state.all = diagnostics;
		this.refreshDiagnostics(state);
	}

	private refreshDiagnostics(state: FileState): void {
		if (JSON.stringify(state.all) !== JSON.stringify(state.diagnostics)) {
			state.diagnostics = state.all;
			state.resultId = `${++this.generation}`;
		}
	}

	private diagnostic(uri: string, finding: Finding, range: Range): Diagnostic {
		// No fixes or suppression edits on a closed file's diagnostic: they would be computed for a
		// version of the text the editor does not have. Opening the file brings the full ones.
		const bare: Finding = { ...finding, fixes: [], suppress: undefined };
		return toDiagnostic(bare, { range, version: 0, locate: () => ({ uri, version: 0, range }) });
	}

	/** The source findings of a folder's files, for MCP301. */
	private entriesOf(folder: string): ProjectFinding[] {
		return [...this.files.values()].filter((f) => f.folder === folder).flatMap((f) => f.entries);
	}

	/** How MCP301 names a place: relative to the folder, `#cell=N` for a notebook cell. */
	private displayIn(folder: string): (file: string, cell?: number) => string {
		return (file, cell) => `${toPosix(path.relative(folder, file))}${cell === undefined ? '' : `#cell=${cell}`}`;
	}

	/** The exclude policy of a folder: mcpAuthHints.exclude plus its files.exclude (patterns whose value is true). */
	private async excluder(state: FolderState): Promise<(absPath: string) => boolean> {
		const patterns = [...state.settings.exclude];
		if (this.deps.canFetchConfiguration) {
			try {
				const files = await this.deps.connection.workspace.getConfiguration({ scopeUri: state.uri, section: 'files' }) as { exclude?: Record<string, unknown> } | null;
				for (const [glob, on] of Object.entries(files?.exclude ?? {})) {
					if (on === true) {
						patterns.push(...expandBraces(glob));
					}
				}
			} catch (err) {
				this.deps.connection.console.warn(`Reading files.exclude failed: ${String(err)}`);
			}
		}
		return createPathExcluder(state.folder, patterns);
	}
}

/** Whether a closed file shows the finding under the folder's workspaceScope. */
function shownWhenClosed(entry: { finding: Finding }, settings: Settings): boolean {
	switch (settings.workspaceScope) {
		case 'openFilesOnly':
			return false;
		case 'everything':
			return true;
		default:
			return entry.finding.severity === 'error' || entry.finding.severity === 'warning';
	}
}
