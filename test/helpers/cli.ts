import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './lspClient';

// Runs the built CLI (dist/cli.js) the way a user or CI does, as its own process.

export const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');

// Every CLI this test process starts keeps its result cache (server/src/project/cache.ts) in a
// folder of its own, not in the user's cache folder; removed when the process exits.
if (!process.env.MCP_AUTH_HINTS_CACHE_DIR) {
	const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-hints-test-cache-'));
	process.env.MCP_AUTH_HINTS_CACHE_DIR = cacheDir;
	process.on('exit', () => fs.rmSync(cacheDir, { recursive: true, force: true }));
}

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

export function runCli(args: readonly string[], cwd: string): CliRun {
	const result = spawnSync(process.execPath, [CLI_JS, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
	if (result.error) {
		throw result.error;
	}
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The lines of a stream's output, without the final empty one. */
export function lines(text: string): string[] {
	return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}

/**
 * Temporary project folders for CLI tests: `make` writes the files, `cleanup` (register it with
 * `after`) removes every folder made.
 */
export function projectTrees(prefix: string): { make(files: Record<string, string | Buffer>): string; cleanup(): void } {
	const made: string[] = [];
	return {
		make(files) {
			const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
			made.push(root);
			for (const [rel, content] of Object.entries(files)) {
				const file = path.join(root, rel);
				fs.mkdirSync(path.dirname(file), { recursive: true });
				fs.writeFileSync(file, content);
			}
			return root;
		},
		cleanup() {
			for (const dir of made.splice(0)) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}
