import * as fs from 'fs';
import * as path from 'path';
import { ancestorLayers, IgnoreLayer, isIgnored, readIgnoreLayer } from './gitignore';
import { UnreadableFileError } from './readFile';

// Finds the Python files under the paths given to the CLI. The walk is iterative (an explicit
// stack, so a deep tree cannot overflow the call stack) and remembers every directory's real path,
// so a symlink pointing back up the tree is entered at most once. A workspace is untrusted: a
// symlink is followed only when its real path stays inside the root being walked (a link to `/`
// would otherwise scan the whole machine), and FIFOs, sockets and devices are never collected.

/** Directories never worth entering: VCS data, installed packages, caches. */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
	'.git', 'node_modules', '.venv', 'venv', '__pycache__', 'site-packages',
]);

export interface WalkOptions {
	/** Extra exclusion (the `exclude` setting); receives absolute paths. */
	isExcluded?: (absPath: string, isDir: boolean) => boolean;
	/** Which file names to collect (default: `*.py`); the project scan adds notebooks and manifests. */
	accept?: (fileName: string) => boolean;
}

export interface WalkResult {
	/** Absolute paths of the .py files found, sorted, each real file once. */
	files: string[];
	/** Directories that could not be read; the walk goes on without them. */
	problems: { path: string; reason: string }[];
	/**
	 * Files and folders the walk would take whose names are not valid UTF-8 (as Node shows them,
	 * with U+FFFD): they cannot be opened through a string path, and must not pass silently.
	 */
	undecodable: string[];
	/**
	 * Symlinks the walk did not follow because they lead out of the root: `--fix` names the
	 * Python ones instead of leaving them out in silence.
	 */
	outside: string[];
}

interface PendingDir {
	dir: string;
	layers: readonly IgnoreLayer[];
}

/** Walks one directory given on the command line. */
export function findPythonFiles(root: string, options: WalkOptions = {}): WalkResult {
	const files: string[] = [];
	const problems: WalkResult['problems'] = [];
	const seenDirs = new Set<string>();
	const seenFiles = new Set<string>();
	const accept = options.accept ?? ((name: string) => name.endsWith('.py'));
	const start = path.resolve(root);
	const realRoot = realpath(start) ?? start;
	seenDirs.add(realRoot);
	const undecodable: string[] = [];
	const outside: string[] = [];
	const stack: PendingDir[] = [{ dir: start, layers: ancestorLayers(start) }];

	while (stack.length > 0) {
		const { dir, layers: parentLayers } = stack.pop()!;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch (err) {
			problems.push({ path: dir, reason: errorText(err) });
			continue;
		}
		const own = entries.some((e) => e.name === '.gitignore') ? readIgnoreLayer(dir) : undefined;
		const layers = own ? [...parentLayers, own] : parentLayers;

		const lossy = undecodableNames(dir, entries);
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			const kind = entryKind(entry, full, realRoot);
			if (kind === 'outside') {
				outside.push(full);
				continue;
			}
			if (kind === 'dir') {
				if (DEFAULT_EXCLUDED_DIRS.has(entry.name) || isIgnored(layers, full, true) || options.isExcluded?.(full, true)) {
					continue;
				}
				if (lossy.has(entry.name)) {
					undecodable.push(full);
					continue;
				}
				const real = realpath(full);
				if (real === undefined || seenDirs.has(real)) {
					continue;
				}
				seenDirs.add(real);
				stack.push({ dir: full, layers });
			} else if (kind === 'file' && accept(entry.name)) {
				if (isIgnored(layers, full, false) || options.isExcluded?.(full, false)) {
					continue;
				}
				if (lossy.has(entry.name)) {
					undecodable.push(full);
					continue;
				}
				const real = realpath(full) ?? full;
				if (!seenFiles.has(real)) {
					seenFiles.add(real);
					files.push(full);
				}
			}
		}
	}
	files.sort(comparePaths);
	undecodable.sort(comparePaths);
	outside.sort(comparePaths);
	return { files, problems, undecodable, outside };
}

/**
 * Resolves symlinks that stay inside `realRoot`; links leading out of it, dangling links and
 * special files (FIFOs, sockets, devices: opening one can block or never end) are skipped.
 */
function entryKind(entry: fs.Dirent, full: string, realRoot: string): 'dir' | 'file' | 'outside' | 'other' {
	if (entry.isDirectory()) {
		return 'dir';
	}
	if (entry.isFile()) {
		return 'file';
	}
	if (entry.isSymbolicLink()) {
		const real = realpath(full);
		if (real === undefined) {
			return 'other';
		}
		if (!isWithin(realRoot, real)) {
			return 'outside';
		}
		try {
			const stat = fs.statSync(real);
			return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
		} catch {
			return 'other';
		}
	}
	return 'other';
}

/** Whether `p` is `dir` or below it (both real paths). */
export function isWithin(dir: string, p: string): boolean {
	const rel = path.relative(dir, p);
	return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The entry names of `dir` that Node decoded with U+FFFD because their bytes are not UTF-8. Only
 * looked up when a name shows U+FFFD at all, so ordinary folders cost nothing extra.
 */
function undecodableNames(dir: string, entries: readonly fs.Dirent[]): Set<string> {
	const out = new Set<string>();
	if (!entries.some((e) => e.name.includes('\uFFFD'))) {
		return out;
	}
	try {
		for (const raw of fs.readdirSync(dir, { encoding: 'buffer' })) {
			const name = raw.toString('utf8');
			if (!Buffer.from(name, 'utf8').equals(raw)) {
				out.add(name);
			}
		}
	} catch {
		// The folder vanished meanwhile: nothing to report for it.
	}
	return out;
}

function realpath(p: string): string | undefined {
	try {
		return fs.realpathSync(p);
	} catch {
		return undefined;
	}
}

/** Code-unit order on forward-slash paths, so output is identical on every OS and locale. */
export function comparePaths(a: string, b: string): number {
	const x = a.split(path.sep).join('/');
	const y = b.split(path.sep).join('/');
	return x < y ? -1 : x > y ? 1 : 0;
}

export function errorText(err: unknown): string {
	if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
		const messages: Record<string, string> = {
			ENOENT: 'no such file or directory',
			EACCES: 'permission denied',
			EPERM: 'operation not permitted',
			ENOTDIR: 'not a directory',
			EISDIR: 'is a directory',
		};
		return messages[err.code] ?? (err instanceof UnreadableFileError ? err.message : err.code);
	}
	return err instanceof Error ? err.message : String(err);
}
