// What `fs` is in the web worker bundle (scripts/build.mjs aliases it here): there is no disk. The
// engine's node-only paths (walking folders, local-module lookups, the notes folder) see nothing
// there (`existsSync` is false) and every read fails like a missing file, so those features are
// absent rather than broken. Files of the workspace come through the client instead
// (server/src/browser/clientFiles.ts). NOT a file system emulation.

function missing(what: string): never {
	const err = new Error(`ENOENT: no file system in the browser (${what})`) as Error & { code: string };
	err.code = 'ENOENT';
	throw err;
}

export const constants = { O_RDONLY: 0, O_NOFOLLOW: 0, O_NONBLOCK: 0, S_IFMT: 0o170000, S_IFREG: 0o100000 };
export const existsSync = (_path: unknown): boolean => false;
export const statSync = (path: unknown): never => missing(`stat ${String(path)}`);
export const lstatSync = statSync;
export const fstatSync = statSync;
export const realpathSync = (path: unknown): never => missing(`realpath ${String(path)}`);
export const readFileSync = (path: unknown): never => missing(`read ${String(path)}`);
export const readdirSync = (path: unknown): never => missing(`readdir ${String(path)}`);
export const openSync = (path: unknown): never => missing(`open ${String(path)}`);
export const accessSync = (path: unknown): never => missing(`access ${String(path)}`);
const refuse = (): never => missing('write');
export const readSync = refuse;
export const closeSync = (): void => undefined;
export const writeSync = refuse;
export const writeFileSync = refuse;
export const renameSync = refuse;
export const rmSync = refuse;
export const chmodSync = refuse;
export const fchmodSync = refuse;
export const fchownSync = refuse;
export const ftruncateSync = refuse;
export const promises = {};
export class Stats {}
export class Dirent {}
export default {
	constants, existsSync, statSync, lstatSync, fstatSync, realpathSync, readFileSync, readdirSync, openSync, accessSync,
	readSync, closeSync, writeSync, writeFileSync, renameSync, rmSync, chmodSync, fchmodSync, fchownSync, ftruncateSync, promises, Stats, Dirent,
};
