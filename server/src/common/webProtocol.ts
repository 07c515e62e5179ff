// Names shared by the web extension's client (client/src/browser) and its language server in a web
// worker (server/src/browser). In the browser the server cannot open files: it asks the client,
// which reads them with vscode.workspace.fs. Plain constants and types only, so the client bundle
// pulls in no server code. NOT used by the desktop (node) server, which reads the disk itself.

/**
 * Client → worker, the first message posted to the worker before the LSP connection starts: the
 * two tree-sitter .wasm files read from the extension's URI (a worker cannot read the extension
 * folder itself, and code-server's extension host refuses to start workers from remote URIs).
 */
export const WASM_MESSAGE = 'mcpAuthHints/wasm';

export interface WasmMessage {
	type: typeof WASM_MESSAGE;
	/** web-tree-sitter's runtime (tree-sitter.wasm). */
	runtime: ArrayBuffer;
	/** The Python grammar (tree-sitter-python.wasm). */
	grammar: ArrayBuffer;
}

/** Server → client: the project files of every workspace folder (sources, notebooks, manifests, lock files). */
export const FIND_FILES_REQUEST = 'mcpAuthHints/findFiles';

export interface FindFilesParams {
	/** Glob patterns relative to each folder (`**\/*.py`, ...); files.exclude applies as in the editor's search. */
	include: string[];
	/** Stop listing a folder after this many files. */
	maxResults: number;
}

export interface FindFilesResult {
	folders: { uri: string; files: string[]; truncated: boolean }[];
}

/** Server → client: one file's bytes (the server decodes them the way it decodes files on disk). */
export const READ_FILE_REQUEST = 'mcpAuthHints/readFile';

export interface ReadFileParams {
	uri: string;
	/** Refuse a larger file (0: no limit). */
	maxBytes: number;
}

/** The bytes in base64 (JSON-RPC carries no binary), or why they could not be read (`code` like node's: ENOENT, EFBIG). */
export type ReadFileResult = { base64: string } | { error: string; code?: string };

/** Client → server: the Markdown of a bundled migration note (the web client shows it read-only). */
export const NOTE_TEXT_REQUEST = 'mcpAuthHints/noteText';

/** The URI scheme under which the web client shows the bundled notes: `mcp-auth-hints-note:/<id>.md`. */
export const NOTE_SCHEME = 'mcp-auth-hints-note';
