// Runner A: runs the extension's mocha suite (test/vscode/suite, compiled to out/test/vscode)
// inside code-server's node extension host, driven by headless Debian chromium. Works offline.
//
//   node test/vscode-host/run-tests.mjs            (npm run test:vscode builds and compiles first)
//
// Env: EXT_DEV_PATH (extension folder, default the repo root), EXT_TESTS_PATH (compiled run()
// module without .js, default <repo>/out/test/vscode/index), TEST_WORKSPACE (fixture folder,
// default test/fixtures/vscode-workspace), TEST_TIMEOUT_MS (default 240000), LOG=1 (verbose),
// CODE_SERVER_BIN, CHROMIUM_BIN.
//
// code-server has no --extensionDevelopmentPath flag; the workbench takes the same settings in
// its `payload` URL parameter, runs the tests in the node extension host and reports through
// window.codeAutomationLog / window.codeAutomationExit (as VS Code's own browser tests do).
// The last line printed is the suite's "N passed, N failed"; the exit code is the suite's.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
	REPO_ROOT, VERBOSE, freshWorkspace, launchChromium, remoteUri, screenshot, startCodeServer,
	withTimeout, workbenchUrl,
} from './lib.mjs';

const CLOSING_LINE = /^\d+ passed, \d+ failed(, \d+ skipped)?$/;
// The workbench's own start-up chatter, also routed through codeAutomationLog; shown with LOG=1.
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|ChatSessionStore:)/;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

const extDevPath = path.resolve(process.env.EXT_DEV_PATH || REPO_ROOT);
const extTestsPath = path.resolve(process.env.EXT_TESTS_PATH || path.join(REPO_ROOT, 'out', 'test', 'vscode', 'index'));
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 240_000);

let exitCode = 1; // pessimistic until the suite says otherwise
let closingLine = '0 passed, 1 failed';
let server;
let browser;

try {
	if (!existsSync(path.join(extDevPath, 'package.json'))) {
		throw new Error(`EXT_DEV_PATH has no package.json: ${extDevPath}`);
	}
	if (!existsSync(`${extTestsPath}.js`) && !existsSync(extTestsPath)) {
		throw new Error(`compiled test entry not found: ${extTestsPath}.js (run \`tsc -p test/vscode/tsconfig.json\`)`);
	}

	const workspace = freshWorkspace();
	server = await startCodeServer();
	console.log(`[runner] code-server ${server.url} ready in ${server.readyMs} ms; workspace copy ${workspace}`);

	const payload = [
		['extensionDevelopmentPath', remoteUri(server, extDevPath)],
		['extensionTestsPath', remoteUri(server, extTestsPath)],
		['skipWelcome', 'true'],
	];
	const url = workbenchUrl(server, workspace, payload);
	if (VERBOSE) {
		console.log(`[runner] ${url}`);
	}

	browser = await launchChromium();
	const { page } = browser;

	let resolveExit;
	const exited = new Promise((resolve) => {
		resolveExit = resolve;
	});
	// Both must exist before the workbench loads.
	await page.exposeFunction('codeAutomationLog', (type, args) => {
		const parts = Array.isArray(args) ? args : [args];
		// console.log('%s passing', n) arrives as its raw arguments; format like node's console does.
		const text = format(...parts.map((a) => (a !== null && typeof a === 'object' ? JSON.stringify(a) : a)));
		if (!VERBOSE && WORKBENCH_NOISE.test(text)) {
			return;
		}
		if (type === 'error') {
			console.error(text);
		} else {
			console.log(text);
		}
		for (const line of text.split(/\r?\n/)) {
			if (CLOSING_LINE.test(line.trim())) {
				closingLine = line.trim();
			}
		}
	});
	await page.exposeFunction('codeAutomationExit', (code) => {
		resolveExit(Number(code));
	});
	if (VERBOSE) {
		page.on('console', (msg) => console.log(`[browser:${msg.type()}] ${msg.text().slice(0, 300)}`));
	}
	page.on('pageerror', (err) => console.error(`[pageerror] ${err.message}`));

	await page.goto(url);
	exitCode = await withTimeout(exited, timeoutMs, `tests did not finish in ${timeoutMs} ms`);
	if (!Number.isInteger(exitCode)) {
		exitCode = 1;
	}
} catch (err) {
	exitCode = 1;
	console.error(`FAILED: ${err && err.stack ? err.stack : err}`);
} finally {
	console.log(`[runner] finished at ${elapsed()}`);
	if (exitCode !== 0 && browser) {
		const file = await screenshot(browser.page, 'tests-failure.png');
		if (file) {
			console.error(`[runner] screenshot: ${path.relative(REPO_ROOT, file)}`);
		}
	}
	if (browser) {
		await browser.close();
	}
	if (server) {
		await server.stop();
	}
}

if (exitCode !== 0) {
	closingLine = closingLine.replace(/ 0 failed/, ' 1 failed');
}
console.log(`extension tests exit code ${exitCode}; total ${Date.now() - t0} ms`);
console.log(closingLine);
process.exit(exitCode);
