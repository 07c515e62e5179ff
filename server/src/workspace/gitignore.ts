import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';

// Git's rules for which .gitignore applies to a path: every .gitignore from the repository root
// down to the path's folder, each matching paths relative to its own folder, the deepest match
// deciding (a nested `!pattern` can re-include what a parent ignored). A directory that is ignored
// is never entered, so nothing below it can be re-included, exactly as in git.

export interface IgnoreLayer {
	/** Absolute folder the .gitignore sits in. */
	base: string;
	rules: Ignore;
}

/** The .gitignore in `dir` as a layer, or undefined when there is none or it is unreadable. */
export function readIgnoreLayer(dir: string): IgnoreLayer | undefined {
	let content: string;
	try {
		content = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
	} catch {
		return undefined;
	}
	return { base: dir, rules: ignore().add(content) };
}

/**
 * The layers above `root` that git would apply to it: the .gitignore files of its ancestors up to
 * the enclosing repository's root (the folder holding `.git`), outermost first. Outside a
 * repository no ancestor .gitignore applies.
 */
export function ancestorLayers(root: string): IgnoreLayer[] {
	const ancestors: string[] = [];
	let dir = path.dirname(path.resolve(root));
	for (;;) {
		ancestors.push(dir);
		if (fs.existsSync(path.join(dir, '.git'))) {
			return ancestors.reverse().flatMap((d) => readIgnoreLayer(d) ?? []);
		}
		const parent = path.dirname(dir);
		if (parent === dir) {
			return [];
		}
		dir = parent;
	}
}

/** Whether `absPath` is ignored by the given layers (outermost first). */
export function isIgnored(layers: readonly IgnoreLayer[], absPath: string, isDir: boolean): boolean {
	let ignored = false;
	for (const layer of layers) {
		const rel = toPosix(path.relative(layer.base, absPath));
		if (rel === '' || rel.startsWith('../')) {
			continue;
		}
		const result = layer.rules.test(isDir ? `${rel}/` : rel);
		if (result.ignored) {
			ignored = true;
		} else if (result.unignored) {
			ignored = false;
		}
	}
	return ignored;
}

export function toPosix(p: string): string {
	return path.sep === '/' ? p : p.split(path.sep).join('/');
}
