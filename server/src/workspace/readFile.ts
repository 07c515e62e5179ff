import * as fs from 'fs';

// Reads a file named by workspace content (a `-r` include, a manifest, a source) without trusting
// what the name points at: only a regular file is read, and only up to a byte cap. A FIFO would
// block the read forever and /dev/zero never ends, so the file is opened non-blocking and checked
// with fstat on the open descriptor (no window between a check and the open). NOT for deciding
// which files a walk collects (walk.ts does that from directory entries) nor for decoding text
// (decode.ts).

/** A file that is not a regular file, or is over the cap: `code` tells which. */
export class UnreadableFileError extends Error {
	constructor(message: string, readonly code: 'ENOTREG' | 'EFBIG') {
		super(message);
	}
}

/** 0 where the platform has no such flag (Windows has no FIFOs to block on). */
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** For a FIFO, socket or device, what it is (for a message); undefined for a regular file or a folder. */
export function describeSpecial(stat: fs.Stats): string | undefined {
	if (stat.isFile() || stat.isDirectory()) {
		return undefined;
	}
	return stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket'
		: stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
}

/**
 * The bytes of `file` if it is a regular file of at most `maxBytes` bytes (0: no cap). Throws
 * UnreadableFileError otherwise, and the usual fs errors (ENOENT, EACCES) as they come.
 */
export function readRegularFile(file: string, maxBytes = 0): Buffer {
	const fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
	try {
		const stat = fs.fstatSync(fd);
		if (!stat.isFile()) {
			throw new UnreadableFileError(`${describeSpecial(stat) ?? 'not a regular file'}, not read`, 'ENOTREG');
		}
		if (maxBytes > 0 && stat.size > maxBytes) {
			throw new UnreadableFileError(`larger than ${maxBytes} bytes, not read`, 'EFBIG');
		}
		// Read what fstat promised, and one byte more to notice a file still growing past the cap.
		const limit = maxBytes > 0 ? maxBytes + 1 : Number.MAX_SAFE_INTEGER;
		const chunks: Buffer[] = [];
		let total = 0;
		for (;;) {
			const want = Math.min(Math.max(stat.size - total, 64 * 1024), limit - total);
			if (want <= 0) {
				break;
			}
			const chunk = Buffer.allocUnsafe(want);
			const n = fs.readSync(fd, chunk, 0, want, null);
			if (n === 0) {
				break;
			}
			chunks.push(n === want ? chunk : chunk.subarray(0, n));
			total += n;
		}
		if (maxBytes > 0 && total > maxBytes) {
			throw new UnreadableFileError(`larger than ${maxBytes} bytes, not read`, 'EFBIG');
		}
		return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
	} finally {
		fs.closeSync(fd);
	}
}
