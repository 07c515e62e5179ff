import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './lspClient';

// Runs the built CLI (dist/cli.js) the way a user or CI does, as its own process.

export const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');

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
