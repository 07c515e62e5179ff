import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';
import { readRegularFile } from './readFile';

// Git's rules for which .gitignore applies to a path: every .gitignore from the repository root
// down to the path's folder, each matching paths relative to its own folder, the deepest match
// deciding (a nested `!pattern` can re-include what a parent ignored). A directory that is ignored
// is never entered, so nothing below it can be re-included, exactly as in git.

export interface IgnoreLayer {
	/** Absolute folder the .gitignore sits in. */
	base: string;
	rules: LayerRules;
}

/** What a layer answers for one path relative to its folder (the `ignore` package's TestResult). */
export interface LayerRules {
	test(relativePath: string): { ignored: boolean; unignored: boolean };
}

/** A .gitignore bigger than this is not read: real ones are kilobytes. */
const GITIGNORE_MAX_BYTES = 8 * 1024 * 1024;

/** The .gitignore in `dir` as a layer, or undefined when there is none or it is unreadable. */
export function readIgnoreLayer(dir: string): IgnoreLayer | undefined {
	let content: string;
	try {
		// A .gitignore that is a FIFO or a device must not block or exhaust the walk.
		content = readRegularFile(path.join(dir, '.gitignore'), GITIGNORE_MAX_BYTES).toString('utf8');
	} catch {
		return undefined;
	}
	return { base: dir, rules: compileLayer(content) };
}

/** Up to this many patterns, one `ignore` instance tests every rule per path (the usual case). */
const INDEX_THRESHOLD = 256;

/**
 * One .gitignore, compiled once. A short one is a plain `ignore` instance. A long one (50k
 * patterns is easy to write) would test every pattern against every path, so its patterns are
 * indexed by a literal piece (up to 3 characters) each must find in any path it matches; a path
 * is tested only against the patterns whose piece it contains (plus those with no literal), by an
 * `ignore` instance built for that candidate set and cached. The `ignore` package still decides
 * every match, so git's semantics (last match wins, negation, parent directories) are unchanged:
 * a pattern left out cannot match the path nor any of its parent directories, whose text the
 * path contains.
 */
export function compileLayer(content: string): LayerRules {
	const lines = splitLines(content);
	if (lines.length <= INDEX_THRESHOLD) {
		return ignore().add(content);
	}
	return new IndexedRules(lines);
}

function splitLines(content: string): string[] {
	// Same split as the `ignore` package (LF with an optional CR before it). A BOM starts only the file.
	const body = content.startsWith('\uFEFF') ? content.slice(1) : content;
	return body.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

class IndexedRules implements LayerRules {
	/** Patterns with no usable literal piece: tested against every path. */
	private readonly always: number[] = [];
	private readonly byPiece = new Map<string, number[]>();
	private readonly subsets = new Map<string, Ignore>();
	private readonly compiled: (Ignore | undefined)[] = [];

	constructor(private readonly lines: readonly string[]) {
		lines.forEach((line, i) => {
			const piece = this.pieceOf(line);
			if (piece === undefined) {
				this.always.push(i);
			} else {
				const list = this.byPiece.get(piece) ?? [];
				list.push(i);
				this.byPiece.set(piece, list);
			}
		});
	}

	test(relativePath: string): { ignored: boolean; unignored: boolean } {
		const hit = new Set<string>();
		const text = relativePath.toLowerCase();
		for (let i = 0; i < text.length; i++) {
			for (let n = 1; n <= 3 && i + n <= text.length; n++) {
				const piece = text.slice(i, i + n);
				if (this.byPiece.has(piece)) {
					hit.add(piece);
				}
			}
		}
		const key = [...hit].sort().join('\0');
		let rules = this.subsets.get(key);
		if (!rules) {
			const chosen = [...this.always, ...[...hit].flatMap((p) => this.byPiece.get(p)!)].sort((a, b) => a - b);
			// `add(instance)` shares the instance's rule objects, so each pattern's regex is compiled once.
			rules = ignore().add(chosen.map((i) => this.single(i)));
			if (this.subsets.size >= 1024) {
				this.subsets.clear();
			}
			this.subsets.set(key, rules);
		}
		return rules.test(relativePath);
	}

	/** Pattern `i` alone, compiled on first use. */
	private single(i: number): Ignore {
		let rules = this.compiled[i];
		if (!rules) {
			// The leading comment keeps a later line's U+FEFF from being read as a file's BOM.
			rules = ignore().add(`#\n${this.lines[i]}`);
			this.compiled[i] = rules;
		}
		return rules;
	}

	/**
	 * A piece of literal text every path matched by the pattern contains: from the longest run of
	 * plain ASCII characters in the pattern (wildcards, classes, escapes and spaces end a run; what
	 * follows a `[` in a segment is never used), the 3-character window used by the fewest patterns
	 * so far. Lower-cased, as `ignore` matches case-insensitively. Undefined when there is none.
	 */
	private pieceOf(line: string): string | undefined {
		const body = line.startsWith('!') ? line.slice(1) : line;
		let best = '';
		for (const segment of body.split('/')) {
			const plain = segment.split('[')[0];
			for (const run of plain.split(/\\.?|[^A-Za-z0-9._~@%+=,;:'"^$&()<>{}|-]/)) {
				if (run.length > best.length) {
					best = run;
				}
			}
		}
		if (best === '') {
			return undefined;
		}
		best = best.toLowerCase();
		if (best.length <= 3) {
			return best;
		}
		let choice = best.slice(0, 3);
		for (let i = 1; i + 3 <= best.length; i++) {
			const window = best.slice(i, i + 3);
			if ((this.byPiece.get(window)?.length ?? 0) < (this.byPiece.get(choice)?.length ?? 0)) {
				choice = window;
			}
		}
		return choice;
	}
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
