import * as fs from 'fs';
import * as path from 'path';

// A project that has its own `mcp.py` or `mcp/__init__.py` shadows the SDK for `import mcp`, so
// the engine must not treat those imports as the SDK. Python resolves a top-level import first
// from the script's directory, and in a project layout from its root; those are the two places
// looked at (the language server and the CLI share this).

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

function isFile(p: string): boolean {
	try {
		return fs.statSync(p).isFile();
	} catch {
		return false;
	}
}

/**
 * Caches `modulesIn` per directory. The language server drops a directory's entry when it is told
 * that a .py file there was created or deleted; the CLI keeps one finder for a whole scan.
 */
export class LocalModuleFinder {
	private readonly byDir = new Map<string, ReadonlySet<string>>();

	/** Names local to `file`: its own directory plus `root` (the workspace folder), when given. */
	forFile(file: string, root?: string): ReadonlySet<string> {
		const own = this.inDir(path.dirname(file));
		if (!root || path.resolve(root) === path.resolve(path.dirname(file))) {
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

	/** Forgets the directory holding `file` (a module there was created or deleted). */
	invalidate(file: string): void {
		this.byDir.delete(path.resolve(path.dirname(file)));
		// `X/__init__.py` changes the module set of X's parent directory.
		if (path.basename(file) === '__init__.py') {
			this.byDir.delete(path.resolve(path.dirname(path.dirname(file))));
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
