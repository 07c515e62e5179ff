import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

// Rewrites a file that `scan --fix` changed without changing anything else about it: the write
// lands on the symlink's target (never replaces the link), keeps the permission bits, the owner
// and the group, and keeps hard links (same inode). It is atomic (temp file + rename) whenever
// that can keep all of those; otherwise (a hard-linked file, an owner the process cannot give
// away, a folder it cannot write) it rewrites the file in place. Either way it refuses when the
// file changed since it was read (re-read and compared right before writing).
// NOT for deciding which files may be written (symlinks out of the scanned paths, read-only files):
// see resolveWritable and the caller, cli/fix.ts.

/** A path given on the command line, as a real path: a folder, or one file named explicitly. */
export interface ScanRoot {
	real: string;
	isDir: boolean;
}

/** The real path of a path given on the command line (an explicit file keeps its own name). */
export function scanRoot(abs: string): ScanRoot | undefined {
	try {
		if (fs.statSync(abs).isDirectory()) {
			return { real: fs.realpathSync(abs), isDir: true };
		}
		// A symlink named explicitly is a root by its own name: its target is not thereby "scanned".
		return { real: path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs)), isDir: false };
	} catch {
		return undefined;
	}
}

/** Whether a real path is one of the roots or inside one of the root folders. */
export function insideRoots(real: string, roots: readonly ScanRoot[]): boolean {
	return roots.some((r) => real === r.real || (r.isDir && isUnder(real, r.real)));
}

function isUnder(file: string, dir: string): boolean {
	const rel = path.relative(dir, file);
	return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Where a fix of `file` would be written: its real path (through every symlink) when that lies
 * inside the scanned roots and is a regular file; otherwise why it must be left alone.
 */
export function resolveWritable(file: string, roots: readonly ScanRoot[]): { real: string } | { skip: string } {
	let real: string;
	try {
		real = fs.realpathSync(file);
	} catch (err) {
		return { skip: `cannot resolve (${(err as Error).message})` };
	}
	if (!insideRoots(real, roots)) {
		return { skip: `is a symlink (or inside a symlinked folder) to ${real}, outside the scanned paths` };
	}
	return { real };
}

/**
 * Replaces the content of `real` (a regular file, read as `original` when it had stat `before`)
 * by `next`. Returns true, or why nothing was written.
 */
export function writeFileSafely(real: string, before: fs.Stats, original: Buffer, next: Buffer): true | string {
	if (before.nlink <= 1) {
		const renamed = writeByRename(real, before, original, next);
		if (renamed !== 'in-place') {
			return renamed;
		}
	}
	return writeInPlace(real, before, original, next);
}

/** Temp file in the same folder with the original's owner and mode, then rename over it. */
function writeByRename(real: string, before: fs.Stats, original: Buffer, next: Buffer): true | string | 'in-place' {
	const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
	let fd: number;
	try {
		fd = fs.openSync(tmp, 'wx', 0o600);
	} catch {
		// A folder the process cannot write (the file itself may still be writable).
		return 'in-place';
	}
	try {
		try {
			fs.writeFileSync(fd, next);
			const made = fs.fstatSync(fd);
			if (made.uid !== before.uid || made.gid !== before.gid) {
				fs.fchownSync(fd, before.uid, before.gid);
			}
			// After the chown, which clears set-user-ID / set-group-ID bits.
			fs.fchmodSync(fd, before.mode & 0o7777);
		} finally {
			fs.closeSync(fd);
		}
	} catch (err) {
		fs.rmSync(tmp, { force: true });
		// EPERM: an owner or group this process cannot give away; in place keeps them.
		return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'in-place' : `cannot write (${(err as Error).message})`;
	}
	try {
		if (!unchanged(fs.lstatSync(real), before, () => fs.readFileSync(real), original)) {
			fs.rmSync(tmp, { force: true });
			return 'changed on disk while fixing';
		}
		fs.renameSync(tmp, real);
		return true;
	} catch (err) {
		fs.rmSync(tmp, { force: true });
		return `cannot write (${(err as Error).message})`;
	}
}

/**
 * Overwrites the same inode (hard links, owner, mode, ACLs all stay). Not atomic: a crash mid-write
 * can leave a partial file, which is why the rename path is preferred when it keeps everything.
 * A read-only file (reached only with --fix-read-only) gets the owner's write bit for the write.
 */
function writeInPlace(real: string, before: fs.Stats, original: Buffer, next: Buffer): true | string {
	const readOnly = (before.mode & 0o200) === 0;
	let fd: number | undefined;
	try {
		try {
			fd = fs.openSync(real, 'r+');
		} catch (err) {
			if (!readOnly || (err as NodeJS.ErrnoException).code !== 'EACCES') {
				throw err;
			}
			fs.chmodSync(real, (before.mode & 0o7777) | 0o200);
			try {
				fd = fs.openSync(real, 'r+');
			} finally {
				fs.chmodSync(real, before.mode & 0o7777);
			}
		}
		const handle = fd;
		if (!unchanged(fs.fstatSync(handle), before, () => fs.readFileSync(handle), original)) {
			return 'changed on disk while fixing';
		}
		fs.writeSync(handle, next, 0, next.length, 0);
		fs.ftruncateSync(handle, next.length);
		return true;
	} catch (err) {
		return `cannot write (${(err as Error).message})`;
	} finally {
		if (fd !== undefined) {
			fs.closeSync(fd);
		}
	}
}

/** The same file (inode), same size and mtime, and the same bytes as when it was read. */
function unchanged(now: fs.Stats, before: fs.Stats, read: () => Buffer, original: Buffer): boolean {
	return now.ino === before.ino && now.dev === before.dev && now.mtimeMs === before.mtimeMs
		&& now.size === before.size && read().equals(original);
}
