import { commands, ExtensionContext, FileType, RelativePattern, Uri, window, workspace } from 'vscode';
import {
	BrowserMessageReader, BrowserMessageWriter, LanguageClient, LanguageClientOptions, MessageTransports,
} from 'vscode-languageclient/browser';
import { ClientCommands, CONFIG_SECTION } from '../../../server/src/common/protocol';
import { DOCUMENTS_HIDDEN_NOTIFICATION } from '../../../server/src/common/workspaceProtocol';
import {
	FIND_FILES_REQUEST, FindFilesParams, FindFilesResult, NOTE_SCHEME, NOTE_TEXT_REQUEST, READ_FILE_REQUEST, ReadFileParams, ReadFileResult,
	WASM_MESSAGE, WasmMessage,
} from '../../../server/src/common/webProtocol';
import { disableRule } from '../disableRule';
import { registerReadOnlyDocs } from '../docs';
import { pullAndErrors } from '../extension';
import { fixAllInActiveEditor } from '../fixAll';
import { createMiddleware, openNote } from '../middleware';
import { registerWorkspaceCommands } from '../workspaceCommands';

// Entry point of dist/web/extension.js, the extension in a browser (vscode.dev, github.dev,
// code-server's web extension host). Like the desktop client it only starts the server and
// forwards commands; the server runs in a web worker (dist/web/server.js). Two things are
// browser-only: the client hands the worker the parser's .wasm bytes (a worker cannot read the
// extension folder), and it reads workspace files for the server with vscode.workspace.fs. NOT
// the desktop entry (client/src/extension.ts), whose commands it reuses.

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
	const outputChannel = window.createOutputChannel('MCP Auth Hints', { log: true });
	const clientOptions: LanguageClientOptions = {
		// Any scheme: github.dev's files are vscode-vfs:, vscode.dev's local folders vscode-file/... .
		documentSelector: [{ language: 'python' }, { notebook: '*', language: 'python' }],
		...pullAndErrors(outputChannel, () => client as never),
		// The desktop client's: rule pages and notes open in the preview, hidden files are re-sent.
		middleware: createMiddleware({
			documentHidden: (uri) => void client?.sendNotification(DOCUMENTS_HIDDEN_NOTIFICATION, { uris: [uri.toString()] }),
		}),
	};
	client = new LanguageClient(CONFIG_SECTION, 'MCP Auth Hints', () => startWorker(context.extensionUri), clientOptions);
	client.onRequest(FIND_FILES_REQUEST, findFiles);
	client.onRequest(READ_FILE_REQUEST, readFile);
	const { docs, disposables } = registerReadOnlyDocs(context.extensionUri);
	context.subscriptions.push(
		...disposables,
		outputChannel,
		workspace.registerTextDocumentContentProvider(NOTE_SCHEME, {
			provideTextDocumentContent: async (uri) => {
				const text = await client?.sendRequest<string | null>(NOTE_TEXT_REQUEST, uri.path.replace(/^\//, '').replace(/\.md$/, ''));
				return text ?? `No bundled note at ${uri.toString()}.`;
			},
		}),
		// The browser client has no restart(): a stop and a start make a new worker.
		commands.registerCommand(ClientCommands.restartServer, async () => {
			await client?.stop();
			await client?.start();
		}),
		commands.registerCommand(ClientCommands.showOutput, () => outputChannel.show(true)),
		commands.registerCommand(ClientCommands.disableRule, disableRule),
		commands.registerCommand(ClientCommands.fixAll, fixAllInActiveEditor),
		commands.registerCommand(ClientCommands.openNote, openNote),
		// The workspace commands speak only the protocol both clients share.
		...registerWorkspaceCommands(() => client as never, docs),
	);
	await client.start();
}

export function deactivate(): Thenable<void> | undefined {
	return client?.stop();
}

/**
 * A fresh worker with the parser's bytes already posted (also on a restart), as message transports:
 * VS Code's web extension host replaces the Worker constructor, so the client's own
 * `instanceof Worker` check fails on the worker it returns.
 */
async function startWorker(extensionUri: Uri): Promise<MessageTransports> {
	const dist = Uri.joinPath(extensionUri, 'dist');
	const [script, runtime, grammar] = await Promise.all([
		workerUrl(Uri.joinPath(dist, 'web', 'server.js')),
		readExtensionFile(Uri.joinPath(dist, 'tree-sitter.wasm')),
		readExtensionFile(Uri.joinPath(dist, 'tree-sitter-python.wasm')),
	]);
	const worker = new Worker(script);
	const message: WasmMessage = { type: WASM_MESSAGE, runtime: runtime.buffer as ArrayBuffer, grammar: grammar.buffer as ArrayBuffer };
	worker.postMessage(message, [message.runtime, message.grammar]);
	return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}

/**
 * A URL a Worker can start from. vscode.dev and github.dev serve extensions over https; code-server
 * serves them as vscode-remote: URIs, from which its extension host refuses to start workers, so the
 * script is read and started from a blob URL instead.
 */
async function workerUrl(uri: Uri): Promise<string> {
	if (uri.scheme === 'http' || uri.scheme === 'https') {
		return uri.toString(true);
	}
	const bytes = await readExtensionFile(uri);
	return URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/javascript' }));
}

/** A file of the extension: fetch where the host serves it, else through the host's file system. */
async function readExtensionFile(uri: Uri): Promise<Uint8Array> {
	try {
		const response = await fetch(uri.toString(true));
		if (response.ok) {
			return new Uint8Array(await response.arrayBuffer());
		}
	} catch {
		// Not fetchable from here (a vscode-remote: URI in some hosts): the file system has it.
	}
	return copy(await workspace.fs.readFile(uri));
}

/** A standalone buffer, so it can be transferred to the worker. */
function copy(bytes: Uint8Array): Uint8Array {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

async function findFiles(params: FindFilesParams): Promise<FindFilesResult> {
	const include = params.include.length === 1 ? params.include[0] : `{${params.include.join(',')}}`;
	const folders = workspace.workspaceFolders ?? [];
	return {
		folders: await Promise.all(folders.map(async (folder) => {
			// `undefined` exclude: files.exclude applies, as in the editor's own file search.
			const found = await workspace.findFiles(new RelativePattern(folder, include), undefined, params.maxResults + 1);
			return {
				uri: folder.uri.toString(),
				files: found.slice(0, params.maxResults).map((u) => u.toString()),
				truncated: found.length > params.maxResults,
			};
		})),
	};
}

async function readFile(params: ReadFileParams): Promise<ReadFileResult> {
	try {
		const uri = Uri.parse(params.uri);
		const stat = await workspace.fs.stat(uri);
		if ((stat.type & FileType.File) === 0) {
			return { error: `${params.uri} is not a file`, code: 'ENOTREG' };
		}
		if (params.maxBytes > 0 && stat.size > params.maxBytes) {
			return { error: `${params.uri} is larger than ${params.maxBytes} bytes`, code: 'EFBIG' };
		}
		return { base64: toBase64(await workspace.fs.readFile(uri)) };
	} catch (err) {
		const code = (err as { code?: string }).code;
		return { error: err instanceof Error ? err.message : String(err), code: code === 'FileNotFound' ? 'ENOENT' : code };
	}
}

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}
