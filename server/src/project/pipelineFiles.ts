import * as fs from 'fs';
import { decodeSource } from '../workspace/decode';
import { readRegularFile } from '../workspace/readFile';

// The file system as the project pipeline (scanProject.ts) sees it: read a source's text, ask
// whether a file is there. The node implementation is the only one today; a browser host (a
// virtual workspace) would supply its own. NOT for walking folders or reading manifests' includes:
// those still go through workspace/walk.ts and project/project.ts.

export interface ProjectFileSystem {
	/**
	 * The decoded text of a source, notebook or manifest; throws a node-style error (with `code`).
	 * Never opens a FIFO, device or socket; `maxBytes` (0: none) refuses a larger file.
	 */
	readText(file: string, maxBytes?: number): string;
	exists(file: string): boolean;
}

export const nodeFileSystem: ProjectFileSystem = {
	readText: (file, maxBytes = 0) => decodeSource(readRegularFile(file, maxBytes)),
	exists: (file) => fs.existsSync(file),
};
