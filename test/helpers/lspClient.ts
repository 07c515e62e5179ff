import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import {
	createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type {
	CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, InitializeResult, Position, Range,
	ShowDocumentParams, ShowMessageParams, TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { createConnection as createServerConnection } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';

// A minimal LSP client for the tests: starts the built server (`node dist/server.js --stdio`),
// speaks JSON-RPC to it, answers the server's requests (workspace/configuration, showDocument,
// registrations, refresh) from test-controlled state and records what the server sent.

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface StartOptions {
	/** The raw `mcpAuthHints` settings object, by scope URI (a function) or for every scope. */
	settings?: unknown | ((scopeUri: string | undefined) => unknown);
	workspaceFolders?: string[];
}

export interface StatusNotification {
	state: 'ok' | 'error';
	lastAnalysisMs: number;
	uri: string;
}

export class LspClient {
	/** Mutable: the next workspace/configuration request is answered from this. */
	settings: unknown;
	/** Mutable: the `files` section (files.exclude), by scope URI or for every scope. */
	filesSettings: unknown | ((scopeUri: string | undefined) => unknown) = {};
	readonly messages: ShowMessageParams[] = [];
	readonly logs: string[] = [];
	readonly shownDocuments: ShowDocumentParams[] = [];
	readonly statuses: StatusNotification[] = [];
	refreshRequests = 0;
	/** What the server answered to initialize (its capabilities). */
	initializeResult: InitializeResult | undefined;
	configurationRequests = 0;
	private nextUri = 0;

	private constructor(private readonly process: ChildProcess | undefined, readonly connection: MessageConnection, options: StartOptions) {
		this.settings = options.settings;
		connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
			this.configurationRequests++;
			return params.items.map((item) => {
				if (item.section === 'files') {
					return (typeof this.filesSettings === 'function' ? this.filesSettings(item.scopeUri) : this.filesSettings) ?? {};
				}
				const value = typeof this.settings === 'function' ? this.settings(item.scopeUri) : this.settings;
				return value ?? {};
			});
		});
		connection.onRequest('client/registerCapability', () => null);
		connection.onRequest('client/unregisterCapability', () => null);
		connection.onRequest('workspace/diagnostic/refresh', () => {
			this.refreshRequests++;
			return null;
		});
		connection.onRequest('window/showDocument', (params: ShowDocumentParams) => {
			this.shownDocuments.push(params);
			return { success: true };
		});
		connection.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
			this.messages.push(params);
			return null;
		});
		// Notification handlers return void; push() would return the new length.
		connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
			this.messages.push(params);
		});
		connection.onNotification('window/logMessage', (params: { message: string }) => {
			this.logs.push(params.message);
		});
		connection.onNotification('mcpAuthHints/status', (params: StatusNotification) => {
			this.statuses.push(params);
		});
		connection.listen();
	}

	static async start(options: StartOptions = {}): Promise<LspClient> {
		const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
		const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
		return LspClient.initialize(new LspClient(child, connection, options), options);
	}

	/**
	 * The server from source (startServer) in this process over in-memory streams, for tests that
	 * must reach inside it (e.g. make a rule throw). stop() never sends `exit` here: the server's
	 * exit handler would end the test process.
	 */
	static async startInProcess(options: StartOptions = {}): Promise<LspClient> {
		const toServer = new PassThrough();
		const toClient = new PassThrough();
		const server = createServerConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
		startServer(server);
		server.listen();
		const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
		const client = new LspClient(undefined, connection, options);
		client.disposeServer = () => server.dispose();
		// processId null: with a pid the server would poll it on a timer that keeps this process alive.
		return LspClient.initialize(client, options, null);
	}

	private disposeServer: (() => void) | undefined;

	private static async initialize(client: LspClient, options: StartOptions, processId: number | null = process.pid): Promise<LspClient> {
		const folders = options.workspaceFolders ?? [];
		client.initializeResult = await client.request<InitializeResult>('initialize', {
			processId,
			rootUri: folders[0] ? pathToFileURL(folders[0]).href : null,
			workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
			capabilities: {
				textDocument: {
					synchronization: { dynamicRegistration: false, didSave: true },
					diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
					hover: { contentFormat: ['markdown', 'plaintext'] },
					codeAction: {
						codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
						isPreferredSupport: true,
						dataSupport: true,
					},
					publishDiagnostics: { tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
				},
				workspace: {
					configuration: true,
					workspaceFolders: true,
					didChangeConfiguration: { dynamicRegistration: true },
					didChangeWatchedFiles: { dynamicRegistration: true },
					workspaceEdit: { documentChanges: true },
					diagnostics: { refreshSupport: true },
				},
				window: { showDocument: { support: true }, showMessage: {} },
				notebookDocument: { synchronization: { dynamicRegistration: false } },
			},
		});
		client.notify('initialized', {});
		return client;
	}

	request<R>(method: string, params: unknown): Promise<R> {
		return this.connection.sendRequest(method, params) as Promise<R>;
	}

	notify(method: string, params: unknown): void {
		void this.connection.sendNotification(method, params);
	}

	/** A fresh untitled-style URI so documents of different tests never collide. */
	uri(name = 'doc.py'): string {
		return `untitled:${++this.nextUri}/${name}`;
	}

	open(uri: string, text: string, version = 1, languageId = 'python'): void {
		this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
	}

	change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
		this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
	}

	close(uri: string): void {
		this.notify('textDocument/didClose', { textDocument: { uri } });
	}

	pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
		return this.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
	}

	/** Pulls and returns the items of a full report (fails on an unchanged one). */
	async diagnostics(uri: string): Promise<Diagnostic[]> {
		const report = await this.pull(uri);
		if (report.kind !== 'full') {
			throw new Error(`expected a full report, got ${report.kind}`);
		}
		return report.items;
	}

	hover(uri: string, position: Position): Promise<Hover | null> {
		return this.request('textDocument/hover', { textDocument: { uri }, position });
	}

	codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
		return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
	}

	executeCommand(command: string, args: unknown[]): Promise<unknown> {
		return this.request('workspace/executeCommand', { command, arguments: args });
	}

	configurationChanged(): void {
		this.notify('workspace/didChangeConfiguration', { settings: null });
	}

	/** Whether the server process has ended (a crash, unless stop() ended it). */
	get exited(): boolean {
		return this.process !== undefined && (this.process.exitCode !== null || this.process.signalCode !== null);
	}

	/** Ends a hung or dead server without the shutdown handshake. */
	async kill(): Promise<void> {
		this.connection.dispose();
		this.process?.kill('SIGKILL');
	}

	/** shutdown + exit, then waits for the process to end (killing it if it does not). */
	async stop(): Promise<void> {
		if (!this.process) {
			try {
				await this.request('shutdown', null);
			} finally {
				this.connection.dispose();
				this.disposeServer?.();
			}
			return;
		}
		const child = this.process;
		const exited = new Promise<void>((resolve) => {
			if (child.exitCode !== null) {
				resolve();
			}
			child.once('exit', () => resolve());
		});
		try {
			await this.request('shutdown', null);
			await this.connection.sendNotification('exit', null);
			const killer = setTimeout(() => child.kill(), 2000);
			await exited;
			clearTimeout(killer);
		} finally {
			this.connection.dispose();
			child.kill();
		}
	}
}

/** Resolves when `check` returns true; polls every 10 ms, gives up after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 10));
	}
}
