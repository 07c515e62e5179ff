import {
	Connection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ErrorCodes, InitializeError, InitializeResult,
	NotebookDocuments, ResponseError, TextDocuments, TextDocumentSyncKind, WatchKind,
} from 'vscode-languageserver';
import { Engine } from '../engine';
import { Analyzer, InProcessAnalyzer } from '../pool/analyzer';
import { NoteStore } from '../notes/notes';
import { LocalModuleFinder } from '../workspace/localModules';
import { CODE_ACTION_KINDS, codeActionsFor } from './fixAll';
import { migrationEdit } from './migrateAction';
import { buildHover } from './hover';
import { DocumentLinter } from './linter';
import { CONFIG_SECTION, ServerCommands } from '../common/protocol';
import { SettingsStore } from './settingsStore';
import { SyncedDocument, syncedDocuments } from './syncedDocument';
import { uriToPath, WorkspaceFolders } from './workspaceFolders';
import { affectsOpenDocuments, isManifestUri, PROJECT_FILE_WATCHERS } from './workspaceFiles';
import { EXPORT_REPORT_REQUEST, SCAN_WORKSPACE_REQUEST } from '../common/workspaceProtocol';
import { WorkspaceScanner } from './workspaceScan';

// Wires the language server: capabilities, document sync, and one handler per request. The
// behaviour lives in DocumentLinter (diagnostics, hover data) and the pure builders it calls.

export interface ServerOptions {
	/** Where the tree-sitter .wasm files are; defaults to next to the bundle. */
	wasmDir?: string;
	/**
	 * Runs the engine. dist/server.js passes the worker-thread analyzer (time budget, heap limit);
	 * the default runs in this thread, for tests that reach inside the engine.
	 */
	analyzer?: Analyzer;
	/**
	 * Runs the workspace scan's analyses of files on disk; defaults to `analyzer`. A second worker
	 * keeps a slow closed file from delaying the open documents' diagnostics.
	 */
	workspaceAnalyzer?: Analyzer;
	notes?: NoteStore;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
	const analyzer = options.analyzer ?? new InProcessAnalyzer(options.wasmDir);
	let started = false;
	// The fix-all guard (Engine.checkSource) is synchronous inside the fix selection, so it keeps an
	// engine in this thread; it only parses, on a user's request, never analyses. Loaded on the first
	// code-action request, not at start-up (the grammar's compilation is most of a cold start).
	let guardEngine: Promise<Engine> | undefined;
	const loadGuardEngine = (): Promise<Engine> => (guardEngine ??= Engine.create(options.wasmDir));
	const requireAnalyzer = (): Analyzer => {
		if (!started) {
			throw new Error('engine used before initialize');
		}
		return analyzer;
	};
	const config = syncedDocuments(requireAnalyzer);
	const documents = new TextDocuments<SyncedDocument>(config);
	const notebooks = new NotebookDocuments<SyncedDocument>(config);
	const folders = new WorkspaceFolders();
	const localModules = new LocalModuleFinder();
	const notes = options.notes ?? new NoteStore();
	let linter: DocumentLinter | undefined;
	let scanner: WorkspaceScanner | undefined;
	let documentChanges = false;
	let canShowDocument = false;
	let dynamicConfiguration = false;
	let dynamicWatchers = false;
	let folderNotifications = false;

	connection.onInitialize(async (params): Promise<InitializeResult | ResponseError<InitializeError>> => {
		try {
			await analyzer.start();
			started = true;
		} catch (err) {
			const reason = err instanceof Error ? err.message : String(err);
			return new ResponseError(ErrorCodes.InternalError, `mcp-auth-hints could not load its Python parser: ${reason}`, { retry: false });
		}
		const caps = params.capabilities;
		documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
		canShowDocument = caps.window?.showDocument?.support === true;
		dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
		dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
		folderNotifications = caps.workspace?.workspaceFolders === true;
		folders.set(params.workspaceFolders, params.rootUri);
		linter = new DocumentLinter({
			connection,
			documents,
			notebooks,
			settings: new SettingsStore(connection, caps.workspace?.configuration === true),
			folders,
			localModules,
			openNotebookDocument: (text) => requireAnalyzer().openDocument(text),
			canRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
			mcpResolvesV2: (file) => scanner?.resolvesV2For(file) ?? false,
		});
		scanner = new WorkspaceScanner({
			connection,
			analyzer: () => {
				requireAnalyzer();
				return options.workspaceAnalyzer ?? analyzer;
			},
			folders,
			settings: new SettingsStore(connection, caps.workspace?.configuration === true),
			documents,
			notebooks,
			canFetchConfiguration: caps.workspace?.configuration === true,
		});
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
				diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: true },
				hoverProvider: true,
				codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
				executeCommandProvider: { commands: [ServerCommands.openNote, ServerCommands.openLink] },
				workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
			},
			serverInfo: { name: 'mcp-auth-hints' },
		};
	});

	const requireLinter = (): DocumentLinter => {
		if (!linter) {
			throw new Error('request before initialize');
		}
		return linter;
	};

	connection.onInitialized(() => {
		if (dynamicConfiguration) {
			void connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIG_SECTION });
		}
		if (dynamicWatchers) {
			// Creations and deletions of .py files change which local modules shadow the SDK; every
			// change of a source, notebook, manifest or lock file updates the workspace scan.
			void connection.client.register(DidChangeWatchedFilesNotification.type, {
				watchers: PROJECT_FILE_WATCHERS.map((globPattern) => ({ globPattern, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete })),
			});
		}
		if (folderNotifications) {
			connection.workspace.onDidChangeWorkspaceFolders((event) => {
				folders.change(event.added, event.removed);
				requireLinter().environmentChanged();
				scanner?.environmentChanged();
			});
		}
		connection.console.info(`mcp-auth-hints server started (node ${process.version})`);
	});

	connection.onDidChangeConfiguration(() => {
		requireLinter().environmentChanged();
		scanner?.environmentChanged();
	});

	connection.onDidChangeWatchedFiles((params) => {
		for (const change of params.changes) {
			const file = uriToPath(change.uri);
			if (file) {
				localModules.invalidate(file);
			}
		}
		scanner?.filesChanged(params.changes);
		if (params.changes.some(affectsOpenDocuments)) {
			requireLinter().environmentChanged();
		}
	});

	documents.onDidClose(({ document }) => {
		document.engineDocument.dispose();
		requireLinter().forgetDocument(document.uri);
	});
	notebooks.cellTextDocuments.onDidClose(({ document }) => document.engineDocument.dispose());
	notebooks.onDidClose((notebook) => requireLinter().forgetNotebook(notebook.uri));
	notebooks.onDidChange((event) => {
		if (event.cells && (event.cells.added.length > 0 || event.cells.removed.length > 0)) {
			requireLinter().notebookStructureChanged();
		}
	});

	connection.languages.diagnostics.on(async (params, token) => {
		const document = documents.get(params.textDocument.uri);
		if (document && scanner && isManifestUri(params.textDocument.uri)) {
			return { kind: 'full', items: await scanner.manifestDiagnostics(document.uri, document.text) };
		}
		return requireLinter().pull(params.textDocument.uri, params.previousResultId, token);
	});

	connection.languages.diagnostics.onWorkspace((params, token, _workDone, resultProgress) => {
		if (!scanner) {
			return { items: [] };
		}
		return scanner.workspaceDiagnostics(params, token, resultProgress);
	});

	connection.onRequest(SCAN_WORKSPACE_REQUEST, async (params: { workDoneToken?: string | number } | undefined, token) => {
		const progress = params?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
		progress?.begin('MCP Auth Hints: scanning the workspace', 0, undefined, true);
		try {
			return await scanner!.scanAll(token, progress);
		} finally {
			progress?.done();
		}
	});

	connection.onRequest(EXPORT_REPORT_REQUEST, async () => ({ markdown: await scanner!.report() }));

	connection.onHover(async (params) => {
		try {
			const found = await requireLinter().findingsAt(params.textDocument.uri, params.position);
			if (found.length === 0) {
				return null;
			}
			return buildHover(found.map((f) => f.finding), found[0].diagnostic.range, notes);
		} catch (err) {
			connection.console.error(`Hover failed: ${String(err)}`);
			return null;
		}
	});

	connection.onCodeAction(async (params) => {
		const active = requireLinter();
		const settings = await active.settingsFor(params.textDocument.uri);
		const engine = await loadGuardEngine();
		return codeActionsFor(params, {
			settings,
			documentChanges,
			versionOf: (uri) => active.versionOf(uri),
			documentDiagnostics: (uri) => active.diagnosticsOf(uri),
			guard: { textOf: (uri) => (documents.get(uri) ?? notebooks.cellTextDocuments.get(uri))?.text, check: (text) => engine.checkSource(text) },
			migrate: (uri) => migrationEdit(documents.get(uri), engine, settings),
		});
	});

	connection.onExecuteCommand(async (params) => {
		const [arg] = params.arguments ?? [];
		if (typeof arg !== 'string') {
			return;
		}
		if (params.command === ServerCommands.openNote) {
			const uri = notes.uriOf(arg);
			if (!uri) {
				void connection.window.showErrorMessage(`MCP Auth Hints: no bundled note named "${arg}".`);
				return;
			}
			await show(uri, false);
		} else if (params.command === ServerCommands.openLink) {
			// Only links this server produced from its knowledge data, never whatever a client sends.
			if (!arg.startsWith('https://') || !requireLinter().knownHrefs.has(arg)) {
				connection.console.warn(`Refused to open a link the server did not produce: ${arg}`);
				return;
			}
			await show(arg, true);
		}
	});

	async function show(uri: string, external: boolean): Promise<void> {
		if (!canShowDocument) {
			void connection.window.showInformationMessage(`MCP Auth Hints: ${external ? uri : uriToPath(uri) ?? uri}`);
			return;
		}
		const result = await connection.window.showDocument(external ? { uri, external: true } : { uri, takeFocus: true });
		if (!result.success) {
			connection.console.warn(`The client did not open ${uri}`);
		}
	}

	documents.listen(connection);
	notebooks.listen(connection);
}
