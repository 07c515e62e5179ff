import * as path from 'path';
import { FileChangeType, FileEvent } from 'vscode-languageserver';
import { manifestKind } from '../project/manifests';
import { uriToPath } from './workspaceFolders';

// Which file events matter to whom: the workspace scan watches sources, notebooks, manifests, lock
// files and .gitignore; open documents are re-analysed only when a module appears or disappears
// (local modules shadow the SDK) or a manifest / lock file changes (MCP103 rises to Error once the
// project resolves mcp >= 2).

export const PROJECT_FILE_WATCHERS: readonly string[] = [
	'**/*.py', '**/*.ipynb', '**/pyproject.toml', '**/requirements*.txt', '**/uv.lock', '**/poetry.lock', '**/.gitignore',
	'**/*.dist-info',
];

export function isManifestUri(uri: string): boolean {
	const file = uriToPath(uri);
	const kind = file ? manifestKind(path.basename(file)) : undefined;
	return kind === 'pyproject' || kind === 'requirements';
}

export function affectsOpenDocuments(change: FileEvent): boolean {
	const file = uriToPath(change.uri);
	if (!file) {
		return false;
	}
	const name = path.basename(file);
	if (name.endsWith('.py')) {
		return change.type !== FileChangeType.Changed;
	}
	return manifestKind(name) !== undefined || name.endsWith('.dist-info');
}
