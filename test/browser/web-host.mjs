// Runs test/browser/web-host/suite in VS Code's WEB WORKER extension host: code-server 4.100.3's
// workbench (VS Code 1.100.3) in headless Debian chromium, everything offline. The workbench URL's
// payload carries extensionDevelopmentPath + extensionTestsPath (as for the node-host suite,
// test/vscode-host/run-tests.mjs) plus extensionDevelopmentKind=web: the workbench then runs the
// extension under development from its package.json "browser" entry in the web worker host, not
// from "main" in the node host. The suite is bundled first (a worker loads one file; mocha is its
// browser build). Exit code and last line ("N passed, N failed") are the suite's.
//
//   npm run build && node test/browser/web-host.mjs        (LOG=1: code-server and browser logs)
//
// NOT the worker-only check (worker.test.mjs), which needs no VS Code.

import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
	freshWorkspace, launchChromium, remoteUri, REPO_ROOT, screenshot, startCodeServer, VERBOSE, withTimeout, workbenchUrl,
} from '../vscode-host/lib.mjs';

const EXTENSION_ID = 'mcp-auth-hints.mcp-auth-hints';
const CLOSING_LINE = /^\d+ passed, \d+ failed(, \d+ skipped)?$/;
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|ChatSessionStore:)/;
const SUITE_OUT = path.join(REPO_ROOT, 'out', 'test', 'browser', 'index');
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 240_000);
const t0 = Date.now();

/** The suite as one CommonJS file for the web worker host (which provides only `vscode` to require). */
async function bundleSuite() {
	await esbuild.build({
		entryPoints: [path.join(REPO_ROOT, 'test', 'browser', 'web-host', 'suite', 'index.ts')],
		outfile: `${SUITE_OUT}.js`,
		bundle: true,
		format: 'cjs',
		platform: 'browser',
		target: 'es2022',
		external: ['vscode'],
		inject: [path.join(REPO_ROOT, 'server', 'src', 'browser', 'shims', 'process.ts')],
		define: { global: 'globalThis' },
		logLevel: 'warning',
	});
}

let exitCode = 1;
let closingLine = '0 passed, 1 failed';
let server;
let browser;
try {
	await bundleSuite();
	const workspace = freshWorkspace();
	server = await startCodeServer();
	console.log(`[web-host] code-server ${server.url} ready in ${server.readyMs} ms`);
	// The setting that places an extension in a host; the workbench reads it when the page loads.
	const settingsFile = path.join(server.userDataDir, 'User', 'settings.json');
	const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
	writeFileSync(settingsFile, JSON.stringify({ ...settings, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } }, null, '\t'));
	const payload = [
		['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
		['extensionDevelopmentKind', 'web'],
		['extensionTestsPath', remoteUri(server, SUITE_OUT)],
		['skipWelcome', 'true'],
	];
	browser = await launchChromium();
	const { page } = browser;
	let resolveExit;
	const exited = new Promise((resolve) => {
		resolveExit = resolve;
	});
	await page.exposeFunction('codeAutomationLog', (type, args) => {
		const parts = Array.isArray(args) ? args : [args];
		const text = format(...parts.map((a) => (a !== null && typeof a === 'object' ? JSON.stringify(a) : a)));
		if (!VERBOSE && WORKBENCH_NOISE.test(text)) {
			return;
		}
		(type === 'error' ? console.error : console.log)(text);
		for (const line of text.split(/\r?\n/)) {
			if (CLOSING_LINE.test(line.trim())) {
				closingLine = line.trim();
			}
		}
	});
	await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
	page.on('console', (msg) => {
		if (VERBOSE) {
			console.log(`[browser:${msg.type()}] ${msg.text().slice(0, 400)}`);
		}
	});
	page.on('pageerror', (err) => console.error(`[pageerror] ${err.message}`));
	await page.goto(workbenchUrl(server, workspace, payload));
	exitCode = await withTimeout(exited, timeoutMs, `tests did not finish in ${timeoutMs} ms`);
	if (!Number.isInteger(exitCode)) {
		exitCode = 1;
	}
} catch (err) {
	exitCode = 1;
	console.error(`FAILED: ${err && err.stack ? err.stack : err}`);
} finally {
	if (exitCode !== 0 && browser) {
		const file = await screenshot(browser.page, 'web-host-failure.png');
		if (file) {
			console.error(`[web-host] screenshot: ${path.relative(REPO_ROOT, file)}`);
		}
	}
	await browser?.close();
	await server?.stop();
}
if (exitCode !== 0) {
	closingLine = closingLine.replace(/ 0 failed/, ' 1 failed');
}
console.log(`web-host tests exit code ${exitCode}; total ${Date.now() - t0} ms`);
console.log(closingLine);
process.exit(exitCode);
