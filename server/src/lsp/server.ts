import * as path from 'path';
import {
	Connection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ErrorCodes, FileChangeType, InitializeError, InitializeResult,
	NotebookDocuments, ResponseError, TextDocuments, TextDocumentSyncKind, WatchKind,
} from 'vscode-languageserver';
import { Engine } from '../engine';
import { Analyzer, InProcessAnalyzer } from '../pool/analyzer';
import { NoteStore } from '../notes/notes';
import { LocalModuleFinder } from '../workspace/localModules';
import { WorkspaceIndexes } from '../project/index/workspaceIndexes';
import { pathToFileURL } from 'url';
import { CODE_ACTION_KINDS, codeActionsFor } from './fixAll';
import { migrationEdit } from './migrateAction';
import { buildHover } from './hover';
import { DocumentLinter } from './linter';
import { CONFIG_SECTION, ServerCommands } from '../common/protocol';
import { ConfigLookup, SettingsStore } from './settingsStore';
import { CONFIG_FILE_WATCHERS, isConfigFile, ProjectConfigs, withPerFileIgnores } from './projectConfig';
import { SyncedDocument, syncedDocuments } from './syncedDocument';
import { uriToPath, WorkspaceFolders } from './workspaceFolders';
import { affectsOpenDocuments, isManifestUri, PROJECT_FILE_WATCHERS } from './workspaceFiles';
import { DOCUMENTS_HIDDEN_NOTIFICATION, EXPORT_REPORT_REQUEST, PROJECT_INFO_REQUEST, ProjectInfo, SCAN_WORKSPACE_REQUEST } from '../common/workspaceProtocol';
import { verifiedAgainst } from '../knowledge/verifiedAgainst';
import { version as packageVersion } from '../../../package.json';
import { WorkspaceScanDeps, WorkspaceScanner } from './workspaceScan';

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
	/** The workspace scan; the web worker's reads files through the client (server/src/browser). */
	workspaceScan?: (deps: WorkspaceScanDeps) => WorkspaceScan;
	/**
	 * Whether cross-file flows read the folder's modules from disk (default true). The web worker
	 * has no disk: there each file is analysed on its own.
	 */
	projectIndexes?: boolean;
}

/** What the server asks of the workspace scan. */
export type WorkspaceScan = Pick<WorkspaceScanner, 'environmentChanged' | 'resolvesV2For' | 'filesChanged' | 'workspaceDiagnostics' | 'manifestDiagnostics' | 'scanAll' | 'report' | 'counts' | 'folderInfo' | 'documentsHidden'>;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
	const analyzer: Analyzer = options.analyzer ?? new InProcessAnalyzer(options.wasmDir);
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
	// Cross-file flows (issue 13): an edit of a module re-checks the open files that import it.
	const indexes = options.projectIndexes === false ? undefined : new WorkspaceIndexes((file) => documents.get(pathToFileURL(file).href)?.text, () => linter?.environmentChanged(), options.wasmDir);
	const notes = options.notes ?? new NoteStore();
	// The project's mcp-auth-hints.toml / [tool.mcp-auth-hints], under the editor's settings.
	const projectConfigs = new ProjectConfigs((message) => {
		connection.console.warn(message);
		void connection.window.showWarningMessage(`MCP Auth Hints: ${message}`);
	});
	const configLookup: ConfigLookup = (scopeUri) => {
		const file = uriToPath(scopeUri);
		if (!file) {
			return { served: undefined, file: undefined };
		}
		const folder = folders.folderOf(file) ?? path.dirname(file);
		const config = projectConfigs.forFolder(folder);
		return { served: config && { config, folder }, file: file === folder ? undefined : file };
	};
	let linter: DocumentLinter | undefined;
	let scanner: WorkspaceScan | undefined;
	let documentChanges = false;
	let canShowDocument = false;
	let dynamicConfiguration = false;
	let dynamicWatchers = false;
	let folderNotifications = false;

	connection.onInitialize(async (params): Promise<InitializeResult | ResponseError<InitializeError>> => {
		try {
			if (analyzer.startsOnDemand) {
				// The grammar loads in the worker while the client finishes its start-up; analyses wait
				// for it. A parser that cannot load is then said once, not as one error per document.
				analyzer.start().catch((err: unknown) => connection.window.showErrorMessage(
					`mcp-auth-hints could not load its Python parser: ${err instanceof Error ? err.message : String(err)}`));
			} else {
				await analyzer.start();
			}
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
			settings: new SettingsStore(connection, caps.workspace?.configuration === true, configLookup),
			folders,
			localModules,
			openNotebookDocument: (text) => requireAnalyzer().openDocument(text),
			canRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
			mcpResolvesV2: (file) => scanner?.resolvesV2For(file) ?? false,
			projectView: (file, text, folder) => indexes?.viewFor(file, text, folder),
		});
		// Awaited so the first diagnostics already see the project (the grammar is loaded once per process).
		await indexes?.start();
		scanner = (options.workspaceScan ?? ((deps) => new WorkspaceScanner(deps)))({
			connection,
			projectView: (file, text, folder) => indexes?.viewFor(file, text, folder),
			analyzer: () => {
				requireAnalyzer();
				return options.workspaceAnalyzer ?? analyzer;
			},
			folders,
			settings: new SettingsStore(connection, caps.workspace?.configuration === true, configLookup),
			fileSettings: (settings, file) => withPerFileIgnores(settings, projectConfigs.forFolder(folders.folderOf(file) ?? path.dirname(file)), file),
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
				watchers: [...PROJECT_FILE_WATCHERS, ...CONFIG_FILE_WATCHERS].map((globPattern) => ({ globPattern, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete })),
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
				if (indexes?.changed(file, change.type !== FileChangeType.Deleted)) {
					requireLinter().environmentChanged();
				}
			}
		}
		scanner?.filesChanged(params.changes);
		if (params.changes.some((change) => isConfigFile(uriToPath(change.uri) ?? ''))) {
			// A configuration file changed: every folder's settings are read again.
			projectConfigs.clear();
			requireLinter().environmentChanged();
			scanner?.environmentChanged();
		} else if (params.changes.some(affectsOpenDocuments)) {
			requireLinter().environmentChanged();
		}
	});

	documents.onDidChangeContent(({ document }) => {
		const file = uriToPath(document.uri);
		if (file && indexes?.changed(file)) {
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

	connection.onNotification(DOCUMENTS_HIDDEN_NOTIFICATION, (params: { uris?: unknown } | undefined) => {
		const uris = Array.isArray(params?.uris) ? params.uris.filter((u): u is string => typeof u === 'string') : [];
		scanner?.documentsHidden(uris);
	});

	connection.onRequest(PROJECT_INFO_REQUEST, async (): Promise<ProjectInfo> => ({
		server: { version: packageVersion, node: process.version },
		knowledge: verifiedAgainst(),
		folders: await scanner!.folderInfo(),
		counts: scanner!.counts(),
	}));

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
