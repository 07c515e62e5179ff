import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { ProjectFileSystem } from '../project/pipelineFiles';
import { decodeSource } from '../workspace/decode';
import {
	FIND_FILES_REQUEST, FindFilesParams, FindFilesResult, READ_FILE_REQUEST, ReadFileParams, ReadFileResult,
} from '../common/webProtocol';

// The browser implementation of the project pipeline's file access: the worker has no disk, so
// it asks the web client, which lists files with vscode.workspace.findFiles and reads them with
// vscode.workspace.fs (github.dev's and vscode.dev's virtual file systems, code-server's remote).
// The pipeline reads synchronously (project/scanProject.ts), so a scan first fetches what it needs
// (`fetchAll`) and then hands the pipeline a ProjectFileSystem over those texts. NOT a cache that
// outlives a scan: each scan reads the files again.

/** A file as the engine names it in the browser: the URI's path (the engine works with paths). */
export function pathOfUri(uri: string): string {
	try {
		return decodeURIComponent(new URL(uri).pathname) || '/';
	} catch {
		return uri;
	}
}

export class ClientFiles {
	constructor(private readonly connection: Connection) {}

	/** The project files of every workspace folder, as the client sees them. */
	async find(include: readonly string[], maxResults: number, token?: CancellationToken): Promise<FindFilesResult> {
		const params: FindFilesParams = { include: [...include], maxResults };
		return this.connection.sendRequest<FindFilesResult>(FIND_FILES_REQUEST, params, token);
	}

	/** One file's decoded text; throws an error with a node-style `code` when the client cannot read it. */
	async read(uri: string, maxBytes = 0, token?: CancellationToken): Promise<string> {
		const params: ReadFileParams = { uri, maxBytes };
		const result = await this.connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, params, token);
		if ('error' in result) {
			throw Object.assign(new Error(result.error), { code: result.code });
		}
		return decodeSource(fromBase64(result.base64));
	}
}

/** The texts a scan fetched, as the synchronous file system the pipeline reads. */
export class FetchedFiles implements ProjectFileSystem {
	private readonly texts = new Map<string, string>();
	private readonly errors = new Map<string, Error>();

	set(file: string, text: string): void {
		this.texts.set(file, text);
	}

	fail(file: string, error: Error): void {
		this.errors.set(file, error);
	}

	readText(file: string, maxBytes = 0): string {
		const text = this.texts.get(file);
		if (text === undefined) {
			throw this.errors.get(file) ?? Object.assign(new Error(`ENOENT: ${file} was not fetched`), { code: 'ENOENT' });
		}
		if (maxBytes > 0 && new TextEncoder().encode(text).length > maxBytes) {
			throw Object.assign(new Error(`EFBIG: ${file} is larger than ${maxBytes} bytes`), { code: 'EFBIG' });
		}
		return text;
	}

	exists(file: string): boolean {
		return this.texts.has(file);
	}
}

function fromBase64(base64: string): Uint8Array {
	const binary = atob(base64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) {
		bytes[i] = binary.charCodeAt(i);
	}
	return bytes;
}
