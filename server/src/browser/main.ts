import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { NOTE_TEXT_REQUEST, WASM_MESSAGE, WasmMessage } from '../common/webProtocol';
import { startServer } from '../lsp/server';
import { InProcessAnalyzer } from '../pool/analyzer';
import { BundledNoteStore } from './notes';
import { provideWasm } from './parser';
import { BrowserWorkspaceScanner } from './workspaceScan';

// Entry point of dist/web/server.js, the language server in a web worker (vscode.dev, github.dev,
// code-server's web extension host). The server is the desktop one (lsp/server.ts); only the
// transport (postMessage instead of node IPC), the file access (through the client) and the
// analyzer differ. Worker threads do not exist here, so analyses run in this worker, without the
// desktop's time budget and heap limit: a pathological file slows this worker, never the editor.
// NOT the desktop entry (lsp/main.ts).

interface WorkerScope {
	addEventListener(type: 'message' | 'unhandledrejection', listener: (event: MessageEvent & { reason?: unknown }) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

const scope = self as unknown as WorkerScope & ConstructorParameters<typeof BrowserMessageReader>[0];

/**
 * The client posts the parser's bytes first; the LSP connection starts in the same task, so the
 * messages that follow reach its reader in order.
 */
function onFirstMessage(event: MessageEvent): void {
	const data = event.data as Partial<WasmMessage> | undefined;
	if (data?.type !== WASM_MESSAGE || !data.runtime || !data.grammar) {
		return;
	}
	scope.removeEventListener('message', onFirstMessage);
	provideWasm(data.runtime, data.grammar);
	listen();
}

function listen(): void {
	const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
	// A bug must cost one analysis, not the server: log it where the user can see it (the output channel).
	scope.addEventListener('unhandledrejection', (event: MessageEvent & { reason?: unknown }) => connection.console.error(`Unhandled rejection: ${String(event.reason)}`));
	const notes = new BundledNoteStore();
	startServer(connection, {
		analyzer: new InProcessAnalyzer(),
		notes,
		workspaceScan: (deps) => new BrowserWorkspaceScanner(deps),
		projectIndexes: false,
	});
	connection.onRequest(NOTE_TEXT_REQUEST, (id: unknown) => (typeof id === 'string' ? notes.text(id) ?? null : null));
	connection.listen();
}

scope.addEventListener('message', onFirstMessage);
