import * as path from 'path';
import { fileURLToPath } from 'url';
import type { WorkspaceFolder } from 'vscode-languageserver';

// Which workspace folder a document belongs to, on disk: needed for local-module detection and
// for matching the `exclude` setting. Documents without a file path (untitled, remote) get none.

export function uriToPath(uri: string): string | undefined {
	if (!uri.startsWith('file:')) {
		return undefined;
	}
	try {
		// VS Code percent-encodes the drive colon (file:///c%3A/...), which fileURLToPath rejects.
		return fileURLToPath(uri.replace(/^file:\/\/\/([a-zA-Z])%3[aA]/, 'file:///$1:'));
	} catch {
		return undefined;
	}
}

export class WorkspaceFolders {
	private folders: string[] = [];

	set(folders: readonly WorkspaceFolder[] | null | undefined, rootUri?: string | null): void {
		const uris = folders?.map((f) => f.uri) ?? (rootUri ? [rootUri] : []);
		this.folders = uris.flatMap((u) => uriToPath(u) ?? []);
	}

	change(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
		const gone = new Set(removed.flatMap((f) => uriToPath(f.uri) ?? []));
		this.folders = [...this.folders.filter((f) => !gone.has(f)), ...added.flatMap((f) => uriToPath(f.uri) ?? [])];
	}

	/** The workspace folders as absolute paths. */
	list(): readonly string[] {
		return this.folders;
	}

	/** The innermost folder containing `file` (nested folders in a multi-root workspace). */
	folderOf(file: string): string | undefined {
		let best: string | undefined;
		for (const folder of this.folders) {
			const rel = path.relative(folder, file);
			if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || folder.length > best.length)) {
				best = folder;
			}
		}
		return best;
	}
}
