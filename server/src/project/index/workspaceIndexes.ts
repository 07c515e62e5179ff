import * as path from 'path';
import type { Language } from 'web-tree-sitter';
import { loadPython } from '../../analysis/parser';
import type { ProjectView } from '../../analysis/values';
import { LocalModuleFinder } from '../../workspace/localModules';
import { findPythonFiles } from '../../workspace/walk';
import { indexReader } from '../scanProject';
import { ProjectIndex } from './projectIndex';

// The language server's project indexes: one ProjectIndex per workspace folder, made on the first
// analysis of a file in it (a walk of the folder's .py files), reading open documents' texts before
// the disk so an unsaved edit of a base class counts. `changed` forgets one file's entries and
// answers whether a module that depended on it must be re-checked. The parser loads in the
// background after start-up: until it is ready, files are analysed on their own.
// NOT the protocol side: the server decides what a re-check means (a diagnostic refresh).

export class WorkspaceIndexes {
	private language?: Language;
	private readonly byFolder = new Map<string, ProjectIndex>();
	private readonly finder = new LocalModuleFinder();

	constructor(private readonly openText: (file: string) => string | undefined, private readonly onReady: () => void, private readonly wasmDir?: string) {}

	/**
	 * Loads the parser; `onReady` runs once it is there (the server re-checks open documents). The
	 * promise never rejects: without a parser there is no index and files are analysed one at a time.
	 */
	start(): Promise<void> {
		return loadPython(this.wasmDir).then((language) => {
			this.language = language;
			this.onReady();
		}, () => undefined);
	}

	/** The slice of the folder's index `file` reaches; undefined before the parser is ready or outside a folder. */
	viewFor(file: string, text: string, folder: string | undefined): ProjectView | undefined {
		const index = folder ? this.indexOf(folder) : undefined;
		return index?.viewFor(file, text);
	}

	/**
	 * A file was edited, saved, created or deleted: its entries go, and so do those of the modules
	 * that imported it. True when some module depended on it (open dependants need a re-check).
	 */
	changed(file: string, exists = true): boolean {
		this.finder.invalidate(file);
		let dependants = false;
		for (const [folder, index] of this.byFolder) {
			if (isUnder(file, folder) && (index.has(file) || exists)) {
				dependants = index.update(file, exists).length > 0 || dependants;
			}
		}
		return dependants;
	}

	/** Forgets every index (folders or settings changed). */
	clear(): void {
		this.byFolder.clear();
	}

	private indexOf(folder: string): ProjectIndex | undefined {
		if (!this.language) {
			return undefined;
		}
		let index = this.byFolder.get(folder);
		if (!index) {
			const disk = indexReader();
			index = ProjectIndex.withLanguage(this.language, (file) => this.openText(file) ?? disk(file), this.finder);
			index.addFiles(findPythonFiles(folder, { accept: (name) => name.endsWith('.py') }).files);
			this.byFolder.set(folder, index);
		}
		return index;
	}
}

function isUnder(file: string, folder: string): boolean {
	const rel = path.relative(folder, file);
	return !rel.startsWith('..') && !path.isAbsolute(rel);
}
