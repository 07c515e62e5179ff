import {
	CancellationToken, Connection, Diagnostic, DocumentDiagnosticReport, DocumentDiagnosticReportKind, LSPErrorCodes,
	NotebookCellKind, NotebookDocument, NotebookDocuments, Position, ResponseError, TextDocuments,
} from 'vscode-languageserver';
import { LineIndex } from '../analysis/lineIndex';
import type { Finding } from '../analysis/model';
import type { AnalyzeOptions } from '../engine';
import type { AnalyzedDocument, BudgetedResult } from '../pool/analyzer';
import type { Settings } from '../settings';
import { createPathExcluder } from '../workspace/exclude';
import { LocalModuleFinder } from '../workspace/localModules';
import type { ProjectView } from '../analysis/values';
import { joinCells, NotebookLocator, singleEdit } from '../workspace/notebookText';
import { STATUS_NOTIFICATION, StatusParams } from '../common/protocol';
import { SettingsStore } from './settingsStore';
import { SyncedDocument } from './syncedDocument';
import { toDiagnostic } from './toDiagnostic';
import { uriToPath, WorkspaceFolders } from './workspaceFolders';

// Turns open documents into diagnostics: picks what to analyse (a text document, or the whole
// notebook a cell belongs to), debounces, analyses once per version and keeps the result as a
// snapshot that diagnostics, hovers and the notebook's other cells all read.

/** What a pull for one URI analyses: the document itself, or the notebook holding the cell. */
type Target =
	| { kind: 'text'; uri: string; scopeUri: string; document: SyncedDocument }
	| { kind: 'notebook'; uri: string; scopeUri: string; notebook: NotebookDocument; cell: SyncedDocument };

export interface PlacedFinding {
	finding: Finding;
	diagnostic: Diagnostic;
}

interface Snapshot {
	/** Doubles as the LSP resultId: the same id means the same diagnostics. */
	id: string;
	byUri: ReadonlyMap<string, readonly PlacedFinding[]>;
}

/** The notebook as one engine document, re-edited (not re-parsed from scratch) on each change. */
interface NotebookState {
	engineDocument: AnalyzedDocument;
	/** Cells and versions the engine text was built from; a change bumps `generation`. */
	signature: string;
	generation: number;
}

export interface LinterDeps {
	connection: Connection;
	documents: TextDocuments<SyncedDocument>;
	notebooks: NotebookDocuments<SyncedDocument>;
	settings: SettingsStore;
	folders: WorkspaceFolders;
	localModules: LocalModuleFinder;
	openNotebookDocument(text: string): AnalyzedDocument;
	canRefresh: boolean;
	/** Whether the project holding `file` resolves mcp >= 2 (lock file or venv): MCP103 becomes an Error. */
	mcpResolvesV2?: (file: string) => boolean;
	/** The slice of the project index `file` reaches (server/src/project/index). */
	projectView?: (file: string, text: string, folder: string | undefined) => ProjectView | undefined;
}

const EMPTY_REPORT: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };

export class DocumentLinter {
	private readonly snapshots = new Map<string, Snapshot>();
	private readonly notebookStates = new Map<string, NotebookState>();
	/** The exclude policy (workspace/exclude.ts) per settings object and folder. */
	private readonly excluders = new WeakMap<Settings, Map<string, (absPath: string) => boolean>>();
	private readonly loggedRuleErrors = new Set<string>();
	private readonly inFlight = new Map<string, { id: string; promise: Promise<Snapshot | undefined> }>();
	/** Bumped when anything outside the documents changes (settings, local modules). */
	private environment = 0;
	private refreshPending = false;
	/** Every href this server has put on a diagnostic: the only links openLink will open. */
	readonly knownHrefs = new Set<string>();

	constructor(private readonly deps: LinterDeps) {}

	/** Settings, workspace folders or local modules changed: everything is analysed again. */
	environmentChanged(): void {
		this.environment++;
		this.deps.settings.clear();
		this.requestRefresh();
	}

	async pull(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
		const target = this.target(uri);
		if (!target) {
			return EMPTY_REPORT;
		}
		const version = versionOf(target);
		const settings = await this.deps.settings.get(target.scopeUri);
		if (!this.shouldAnalyze(target, settings)) {
			return EMPTY_REPORT;
		}
		const changed = target.kind === 'text' ? target.document : target.cell;
		const wait = changed.lastChangeAt + settings.debounceMs - Date.now();
		if (wait > 0) {
			await delay(wait, token);
		}
		if (token.isCancellationRequested) {
			throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
		}
		const current = this.target(uri);
		if (!current) {
			return EMPTY_REPORT;
		}
		if (versionOf(current) !== version) {
			// The document moved on while we waited; the client asks again for the new version.
			throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed', { retriggerRequest: true });
		}
		const snapshot = await this.snapshot(current, settings);
		if (!snapshot) {
			return EMPTY_REPORT;
		}
		if (previousResultId === snapshot.id) {
			return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: snapshot.id };
		}
		return {
			kind: DocumentDiagnosticReportKind.Full,
			resultId: snapshot.id,
			items: (snapshot.byUri.get(uri) ?? []).map((p) => p.diagnostic),
		};
	}

	/** The findings under `position` (analysing first if the document changed since). */
	async findingsAt(uri: string, position: Position): Promise<PlacedFinding[]> {
		return (await this.currentFindings(uri)).filter((p) => contains(p.diagnostic.range, position));
	}

	/** Every diagnostic of `uri` at its current version, analysing first if needed (source.fixAll). */
	async diagnosticsOf(uri: string): Promise<Diagnostic[]> {
		return (await this.currentFindings(uri)).map((p) => p.diagnostic);
	}

	/** The findings of `uri` at its current version (after settings were read, which may await). */
	private async currentFindings(uri: string): Promise<readonly PlacedFinding[]> {
		const target = this.target(uri);
		if (!target) {
			return [];
		}
		const settings = await this.deps.settings.get(target.scopeUri);
		const current = this.target(uri);
		if (!current || !this.shouldAnalyze(current, settings)) {
			return [];
		}
		return (await this.snapshot(current, settings))?.byUri.get(uri) ?? [];
	}

	/** The settings that apply to `uri` (a cell takes its notebook's). */
	settingsFor(uri: string): Promise<Settings> {
		return this.deps.settings.get(this.target(uri)?.scopeUri ?? uri);
	}

	versionOf(uri: string): number | undefined {
		return (this.deps.documents.get(uri) ?? this.deps.notebooks.cellTextDocuments.get(uri))?.version;
	}

	forgetDocument(uri: string): void {
		this.snapshots.delete(uri);
		this.deps.settings.forget(uri);
	}

	forgetNotebook(uri: string): void {
		this.snapshots.delete(uri);
		this.deps.settings.forget(uri);
		this.notebookStates.get(uri)?.engineDocument.dispose();
		this.notebookStates.delete(uri);
	}

	/** A cell was added or removed: every cell's diagnostics may change (an import moved). */
	notebookStructureChanged(): void {
		this.requestRefresh();
	}

	private target(uri: string): Target | undefined {
		const document = this.deps.documents.get(uri);
		if (document) {
			return { kind: 'text', uri, scopeUri: uri, document };
		}
		const notebook = this.deps.notebooks.findNotebookDocumentForCell(uri);
		const cell = this.deps.notebooks.cellTextDocuments.get(uri);
		if (notebook && cell) {
			return { kind: 'notebook', uri: notebook.uri, scopeUri: notebook.uri, notebook, cell };
		}
		return undefined;
	}

	private shouldAnalyze(target: Target, settings: Settings): boolean {
		if (!settings.enable) {
			return false;
		}
		if (target.kind === 'text' ? !target.document.isPython : !target.cell.isPython) {
			return false;
		}
		const file = uriToPath(target.uri);
		const folder = file && this.deps.folders.folderOf(file);
		if (!file || !folder || settings.exclude.length === 0) {
			return true;
		}
		let byFolder = this.excluders.get(settings);
		if (!byFolder) {
			byFolder = new Map();
			this.excluders.set(settings, byFolder);
		}
		let excluded = byFolder.get(folder);
		if (!excluded) {
			excluded = createPathExcluder(folder, settings.exclude);
			byFolder.set(folder, excluded);
		}
		return !excluded(file);
	}

	/**
	 * The snapshot of the target's current version: cached, already being computed (a pull and a
	 * hover at once share one analysis), or computed now in the analysis worker.
	 */
	private snapshot(target: Target, settings: Settings): Promise<Snapshot | undefined> {
		return target.kind === 'text' ? this.textSnapshot(target, settings) : this.notebookSnapshot(target, settings);
	}

	private async textSnapshot(target: Extract<Target, { kind: 'text' }>, settings: Settings): Promise<Snapshot | undefined> {
		const { document } = target;
		const id = `${this.environment}:${document.version}`;
		const cached = this.snapshots.get(target.uri);
		if (cached?.id === id) {
			return cached;
		}
		return this.once(target.uri, id, async () => {
			// The text and version analysed: the worker takes the edits in order, so the result is this text's.
			const { version, text } = document;
			const result = await this.analyze(target.uri, document.engineDocument, this.options(target.uri, settings, text));
			if (!result) {
				return undefined;
			}
			const lines = new LineIndex(text);
			const placed = result.findings.map((finding) => ({
				finding,
				diagnostic: toDiagnostic(finding, {
					range: finding.range,
					version,
					locate: (span) => ({ uri: target.uri, version, range: lines.rangeOf(span) }),
				}),
			}));
			const snapshot: Snapshot = { id, byUri: new Map([[target.uri, placed]]) };
			this.snapshots.set(target.uri, snapshot);
			return snapshot;
		});
	}

	/** Runs `compute` once per (uri, id) while it is in flight. */
	private once(uri: string, id: string, compute: () => Promise<Snapshot | undefined>): Promise<Snapshot | undefined> {
		const running = this.inFlight.get(uri);
		if (running?.id === id) {
			return running.promise;
		}
		const promise = compute().finally(() => {
			if (this.inFlight.get(uri)?.promise === promise) {
				this.inFlight.delete(uri);
			}
		});
		this.inFlight.set(uri, { id, promise });
		return promise;
	}

	private async notebookSnapshot(target: Extract<Target, { kind: 'notebook' }>, settings: Settings): Promise<Snapshot | undefined> {
		const cells = target.notebook.cells.flatMap((cell) => {
			const document = cell.kind === NotebookCellKind.Code ? this.deps.notebooks.getCellTextDocument(cell) : undefined;
			return document?.isPython ? [{ uri: document.uri, version: document.version, text: document.text }] : [];
		});
		const joined = joinCells(cells);
		const state = this.notebookState(target.uri, joined.text);
		const signature = cells.map((c) => `${c.uri}@${c.version}`).join('|');
		if (signature !== state.signature) {
			const edit = singleEdit(state.engineDocument.text, joined.text);
			if (edit) {
				state.engineDocument.applySpanEdit(edit.span, edit.newText);
			}
			state.signature = signature;
			state.generation++;
		}
		const id = `${this.environment}:nb${state.generation}`;
		const previous = this.snapshots.get(target.uri);
		if (previous?.id === id) {
			return previous;
		}
		return this.once(target.uri, id, () => this.analyzeNotebook(target, settings, state, joined, cells, id));
	}

	private async analyzeNotebook(
		target: Extract<Target, { kind: 'notebook' }>, settings: Settings, state: NotebookState,
		joined: ReturnType<typeof joinCells>, cells: { uri: string }[], id: string,
	): Promise<Snapshot | undefined> {
		const previous = this.snapshots.get(target.uri);
		const result = await this.analyze(target.uri, state.engineDocument, this.options(target.uri, settings));
		if (!result) {
			return undefined;
		}
		const locator = new NotebookLocator(joined);
		const byUri = new Map<string, PlacedFinding[]>(cells.map((c) => [c.uri, []]));
		for (const finding of result.findings) {
			const where = locator.locate(finding.span);
			if (!where) {
				continue;
			}
			const diagnostic = toDiagnostic(finding, {
				range: where.range,
				version: where.version,
				locate: (span) => locator.locate(span) ?? where,
			});
			byUri.get(where.uri)?.push({ finding, diagnostic });
		}
		const snapshot: Snapshot = { id, byUri };
		this.snapshots.set(target.uri, snapshot);
		// The client only re-pulls the cell that changed; if another cell's diagnostics changed too
		// (an import in cell 1 now resolves a use in cell 3), ask it to pull again.
		if (previous && otherCellsChanged(previous, snapshot, target.cell.uri)) {
			this.requestRefresh();
		}
		return snapshot;
	}

	private notebookState(uri: string, text: string): NotebookState {
		let state = this.notebookStates.get(uri);
		if (!state) {
			state = { engineDocument: this.deps.openNotebookDocument(text), signature: '', generation: 0 };
			this.notebookStates.set(uri, state);
		}
		return state;
	}

	private options(uri: string, settings: Settings, text?: string): AnalyzeOptions {
		const file = uriToPath(uri);
		if (!file) {
			return { settings };
		}
		return {
			settings,
			localModules: this.deps.localModules.forFile(file, this.deps.folders.folderOf(file)),
			mcpResolvesV2: this.deps.mcpResolvesV2?.(file) ?? false,
			project: text === undefined ? undefined : this.deps.projectView?.(file, text, this.deps.folders.folderOf(file)),
		};
	}

	/** Runs the engine; an exception becomes "no diagnostics" plus a log line, never a dead server. */
	private async analyze(uri: string, document: AnalyzedDocument, options: AnalyzeOptions): Promise<BudgetedResult | undefined> {
		const { connection } = this.deps;
		const started = performance.now();
		let status: StatusParams;
		let result: BudgetedResult | undefined;
		try {
			result = await document.analyze(options);
			if (result.stopped) {
				connection.console.warn(`Analysis of ${uri} stopped after ${Math.round(result.stopped.ms)} ms (${result.stopped.cause === 'time' ? 'time budget' : 'memory limit'}); other files are not affected.`);
			}
			status = { state: 'ok', lastAnalysisMs: round(performance.now() - started), uri };
		} catch (err) {
			connection.console.error(`Analysis of ${uri} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
			status = { state: 'error', lastAnalysisMs: round(performance.now() - started), uri };
		}
		void connection.sendNotification(STATUS_NOTIFICATION, status);
		for (const { rule, error } of result?.ruleErrors ?? []) {
			const line = `Rule ${rule} failed: ${error}`;
			if (!this.loggedRuleErrors.has(line)) {
				this.loggedRuleErrors.add(line);
				connection.console.error(`${line} (in ${uri}; other rules still ran)`);
			}
		}
		for (const finding of result?.findings ?? []) {
			this.knownHrefs.add(finding.href);
		}
		return result;
	}

	private requestRefresh(): void {
		if (!this.deps.canRefresh || this.refreshPending) {
			return;
		}
		this.refreshPending = true;
		setImmediate(() => {
			this.refreshPending = false;
			this.deps.connection.languages.diagnostics.refresh().catch((err: unknown) => {
				this.deps.connection.console.warn(`workspace/diagnostic/refresh failed: ${String(err)}`);
			});
		});
	}
}

function versionOf(target: Target): string {
	return target.kind === 'text' ? `${target.document.version}` : `${target.notebook.version}/${target.cell.version}`;
}

function otherCellsChanged(before: Snapshot, after: Snapshot, except: string): boolean {
	for (const [uri, placed] of after.byUri) {
		if (uri !== except && JSON.stringify(placed.map((p) => p.diagnostic)) !== JSON.stringify((before.byUri.get(uri) ?? []).map((p) => p.diagnostic))) {
			return true;
		}
	}
	return false;
}

function contains(range: { start: Position; end: Position }, p: Position): boolean {
	const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
	const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
	return afterStart && beforeEnd;
}

/** Waits `ms`, returning early when the request is cancelled. */
function delay(ms: number, token: CancellationToken): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		const subscription = token.onCancellationRequested(done);
		function done() {
			clearTimeout(timer);
			subscription.dispose();
			resolve();
		}
	});
}

function round(ms: number): number {
	return Math.round(ms * 10) / 10;
}
