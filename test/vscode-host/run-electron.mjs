// Runner B: the same mocha suite under desktop VS Code 1.100.3 via @vscode/test-electron
// (the repo's devDependency). Needs internet for the one-time download of VS Code into
// .vscode-test/; offline it fails with one line. Use run-tests.mjs (code-server) offline.
//
//   node test/vscode-host/run-electron.mjs     (npm run test:vscode:electron builds and compiles first)
//   On headless Linux: xvfb-run -a npm run test:vscode:electron
//
// Env: EXT_DEV_PATH, EXT_TESTS_PATH, TEST_WORKSPACE (same defaults as run-tests.mjs),
// VSCODE_VERSION (default 1.100.3, the code-server host's VS Code), VSCODE_TEST_CACHE (where the
// download goes; default <tmp>/vscode-host/vscode-test, outside the repo).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = process.env.VSCODE_VERSION || '1.100.3';
const extensionDevelopmentPath = path.resolve(process.env.EXT_DEV_PATH || REPO_ROOT);
const extensionTestsPath = path.resolve(process.env.EXT_TESTS_PATH || path.join(REPO_ROOT, 'out', 'test', 'vscode', 'index'));
const cachePath = path.resolve(process.env.VSCODE_TEST_CACHE || path.join(os.tmpdir(), 'vscode-host', 'vscode-test'));
const fixture = path.resolve(REPO_ROOT, process.env.TEST_WORKSPACE || path.join('test', 'fixtures', 'vscode-workspace'));

const { downloadAndUnzipVSCode, runTests, SilentReporter } = await import('@vscode/test-electron');

// Pinned download first (cached after the first time), so an offline machine gets one clear line
// instead of retries and a stack trace from inside runTests.
let vscodeExecutablePath;
try {
	vscodeExecutablePath = await downloadAndUnzipVSCode({
		version: VERSION,
		cachePath,
		reporter: new SilentReporter(),
		timeout: 30_000,
	});
} catch (err) {
	const reason = String(err && err.message ? err.message : err).split('\n')[0];
	console.error(`run-electron: cannot download VS Code ${VERSION} (${reason}); this runner needs internet once, use \`npm run test:vscode\` offline`);
	process.exit(1);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
	console.error('run-electron: no DISPLAY; on headless Linux run it under `xvfb-run -a`');
}

// A fresh copy per run: quick fixes and setting updates write into the workspace.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'ws-'));
cpSync(fixture, workspace, { recursive: true });

let exitCode = 1;
try {
	exitCode = await runTests({
		version: VERSION,
		vscodeExecutablePath, // the pinned VERSION downloaded above; takes precedence over `version`
		extensionDevelopmentPath,
		extensionTestsPath,
		launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
	});
} catch (err) {
	console.error(`run-electron: ${err && err.message ? err.message : err}`);
	exitCode = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
} finally {
	rmSync(workspace, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(exitCode);
