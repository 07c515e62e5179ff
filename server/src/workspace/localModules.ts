import * as fs from 'fs';
import * as path from 'path';

// A project that has its own `mcp.py` or `mcp/__init__.py` importable as the top-level `mcp`
// shadows the SDK for `import mcp`, so the engine must not treat those imports as the SDK. Python
// resolves a top-level import from sys.path: the directory a script runs from and, in a project
// layout, the project root. A file inside a package (its folder has an `__init__.py`) is not run
// from its own folder: its import root is the folder above its outermost package, so a sibling
// `pkg/mcp.py` is `pkg.mcp`, never `mcp` (absolute imports). Looked at: the file's import root and
// the workspace folder (the language server and the CLI share this). Not the project index.

/** A plain ASCII-or-Unicode Python identifier (the shape a top-level module name must have). */
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** The top-level module names defined by `X.py` or `X/__init__.py` directly inside `dir`. */
export function modulesIn(dir: string): Set<string> {
	const names = new Set<string>();
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return names;
	}
	for (const entry of entries) {
		if (entry.name.endsWith('.py')) {
			const name = entry.name.slice(0, -3);
			if (IDENTIFIER.test(name) && isFile(path.join(dir, entry.name))) {
				names.add(name);
			}
		} else if (IDENTIFIER.test(entry.name) && isFile(path.join(dir, entry.name, '__init__.py'))) {
			names.add(entry.name);
		}
	}
	return names;
}

/** True when `dir` is a regular package (holds an `__init__.py`). */
export function isPackageDir(dir: string): boolean {
	return isFile(path.join(dir, '__init__.py'));
}

/**
 * The directory a file's top-level imports resolve from: its own folder for a script, else the
 * folder holding its outermost package (`src/` in a src layout). `isPackage` is injectable so the
 * caller can cache it.
 */
export function importRootOf(file: string, isPackage: (dir: string) => boolean = isPackageDir): string {
	let dir = path.resolve(path.dirname(file));
	// Packages do not nest deeper than this in practice; the cap bounds a pathological tree.
	for (let depth = 0; depth < 64 && isPackage(dir); depth++) {
		const parent = path.dirname(dir);
		if (parent === dir) {
			break;
		}
		dir = parent;
	}
	return dir;
}

function isFile(p: string): boolean {
	try {
		return fs.statSync(p).isFile();
	} catch {
		return false;
	}
}

/**
 * Caches `modulesIn` and package-ness per directory. The language server drops a directory's
 * entries when it is told that a .py file there was created or deleted; the CLI keeps one finder
 * for a whole scan.
 */
export class LocalModuleFinder {
	private readonly byDir = new Map<string, ReadonlySet<string>>();
	private readonly packages = new Map<string, boolean>();

	/** Names local to `file`: its import root plus `root` (the workspace folder), when given. */
	forFile(file: string, root?: string): ReadonlySet<string> {
		const own = this.inDir(this.importRoot(file));
		if (!root || path.resolve(root) === this.importRoot(file)) {
			return own;
		}
		const atRoot = this.inDir(root);
		if (atRoot.size === 0) {
			return own;
		}
		if (own.size === 0) {
			return atRoot;
		}
		return new Set([...own, ...atRoot]);
	}

	/** The directory `file`'s top-level imports resolve from (see importRootOf). */
	importRoot(file: string): string {
		return importRootOf(file, (dir) => {
			let known = this.packages.get(dir);
			if (known === undefined) {
				known = isPackageDir(dir);
				this.packages.set(dir, known);
			}
			return known;
		});
	}

	/** Forgets the directory holding `file` (a module there was created or deleted). */
	invalidate(file: string): void {
		this.byDir.delete(path.resolve(path.dirname(file)));
		// `X/__init__.py` changes the module set of X's parent directory and which folders are
		// packages, so every import root below may have moved.
		if (path.basename(file) === '__init__.py') {
			this.byDir.delete(path.resolve(path.dirname(path.dirname(file))));
			this.packages.clear();
		}
	}

	private inDir(dir: string): ReadonlySet<string> {
		const key = path.resolve(dir);
		let names = this.byDir.get(key);
		if (!names) {
			names = modulesIn(key);
			this.byDir.set(key, names);
		}
		return names;
	}
}
