// Shared pieces of the offline VS Code test host: start code-server privately, launch Debian's
// chromium through playwright-core, copy the fixture workspace, clean everything up.
// Used by run-tests.mjs (extension tests in the node extension host) and ui.mjs (UI smoke test).
// Background and measurements: README.md here.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HOST_DIR, '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'artifacts');
export const DEFAULT_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'vscode-workspace');
export const CODE_SERVER_BIN = process.env.CODE_SERVER_BIN
	|| '/tmp/vscode-host/code-server-4.100.3/node_modules/.bin/code-server';
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const VERBOSE = Boolean(process.env.LOG) && process.env.LOG !== '0';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const USER_SETTINGS = {
	'workbench.startupEditor': 'none',
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'workbench.enableExperiments': false,
	'workbench.tips.enabled': false,
	'chat.disableAIFeatures': true,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

// ---------------------------------------------------------------------------------------------
// Cleanup registry: temp dirs and child processes go away on normal exit, errors and Ctrl+C.

const syncCleanups = new Set();

/** Registers a synchronous cleanup step that also runs on process exit; returns an unregister function. */
export function onExit(fn) {
	syncCleanups.add(fn);
	return () => syncCleanups.delete(fn);
}

function runSyncCleanups() {
	for (const fn of [...syncCleanups].reverse()) {
		syncCleanups.delete(fn);
		try {
			fn();
		} catch {
			// best effort on the way out
		}
	}
}

process.on('exit', runSyncCleanups);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
	process.on(signal, () => {
		console.error(`received ${signal}; cleaning up`);
		runSyncCleanups();
		process.exit(code);
	});
}

export function removeDir(dir) {
	rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

function makeTempDir(prefix) {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function log(...args) {
	console.log(...args);
}

export function vlog(...args) {
	if (VERBOSE) {
		console.log(...args);
	}
}

// ---------------------------------------------------------------------------------------------

/** A free TCP port on the loopback interface. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Copies the fixture workspace into a fresh temp dir (removed on exit) and returns its path. */
export function freshWorkspace(source = process.env.TEST_WORKSPACE || DEFAULT_WORKSPACE) {
	const src = path.resolve(REPO_ROOT, source);
	if (!existsSync(src)) {
		throw new Error(`fixture workspace not found: ${src}`);
	}
	const dir = makeTempDir('ws-');
	cpSync(src, dir, { recursive: true });
	onExit(() => removeDir(dir));
	return dir;
}

function checkPrerequisites() {
	if (!existsSync(CODE_SERVER_BIN)) {
		throw new Error(`code-server not found at ${CODE_SERVER_BIN}; run \`bash test/vscode-host/setup.sh\` first (or set CODE_SERVER_BIN)`);
	}
	if (!existsSync(CHROMIUM_BIN)) {
		throw new Error(`chromium not found at ${CHROMIUM_BIN}; run \`bash test/vscode-host/setup.sh\` first (or set CHROMIUM_BIN)`);
	}
}

/**
 * Starts code-server on a free loopback port with everything private (user data, extensions,
 * config and XDG dirs in one temp dir). Resolves once it prints "HTTP server listening".
 */
export async function startCodeServer({ extensionsDir, extraArgs = [], env = {}, timeoutMs = 60_000 } = {}) {
	checkPrerequisites();
	const port = await freePort();
	const tmp = makeTempDir('cs-');
	const userDataDir = path.join(tmp, 'user-data');
	const extDir = extensionsDir ?? path.join(tmp, 'extensions');
	mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	mkdirSync(extDir, { recursive: true });
	writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, '\t'));

	const args = [
		'--bind-addr', `127.0.0.1:${port}`,
		'--auth', 'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--config', path.join(tmp, 'config.yaml'),
		'--user-data-dir', userDataDir,
		'--extensions-dir', extDir,
		...extraArgs,
	];
	const childEnv = {
		EXTENSIONS_GALLERY: '{}',
		...process.env,
		XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
		XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
		XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
		...env,
	};

	const startedAt = Date.now();
	// Its own process group, so stop() also ends the extension host and the language server.
	const child = spawn(CODE_SERVER_BIN, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	let exited = false;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		});
	});
	const killGroup = (signal) => {
		if (exited) {
			return;
		}
		try {
			process.kill(-child.pid, signal);
		} catch {
			try {
				child.kill(signal);
			} catch {
				// already gone
			}
		}
	};
	const unregister = onExit(() => {
		killGroup('SIGKILL');
		removeDir(tmp);
	});

	const onData = (chunk) => {
		const text = chunk.toString();
		output += text;
		if (VERBOSE) {
			for (const line of text.split(/\r?\n/)) {
				if (line.trim()) {
					console.log(`[code-server] ${line}`);
				}
			}
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);

	async function stop() {
		if (!exited) {
			killGroup('SIGTERM');
			const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
			await exitPromise;
			clearTimeout(timer);
		}
		// Whatever else is left in the group (extension host, language server).
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// group already empty
		}
		unregister();
		removeDir(tmp);
	}

	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			cleanupListeners();
			reject(new Error(`code-server did not start in ${Math.round(timeoutMs / 1000)}s; output so far:\n${output}`));
		}, timeoutMs);
		const check = () => {
			if (/HTTP server listening/.test(output)) {
				cleanupListeners();
				resolve();
			}
		};
		const onExitEarly = ({ code, signal }) => {
			cleanupListeners();
			reject(new Error(`code-server exited before it was ready (code ${code}, signal ${signal}); output:\n${output}`));
		};
		function cleanupListeners() {
			clearTimeout(timer);
			child.stdout.off('data', check);
			child.stderr.off('data', check);
		}
		child.stdout.on('data', check);
		child.stderr.on('data', check);
		exitPromise.then(onExitEarly);
		check();
	}).catch(async (err) => {
		await stop();
		throw err;
	});

	return {
		port,
		url: `http://127.0.0.1:${port}/`,
		authority: `127.0.0.1:${port}`,
		child,
		userDataDir,
		extensionsDir: extDir,
		startedAt,
		readyMs: Date.now() - startedAt,
		output: () => output,
		stop,
	};
}

/** vscode-remote URI for a path on the code-server host, as the workbench payload expects it. */
export function remoteUri(server, absPath) {
	return `vscode-remote://${server.authority}${path.resolve(absPath)}`;
}

/** The workbench URL for a folder, with an optional payload of [key, value] pairs. */
export function workbenchUrl(server, folder, payload) {
	let url = `${server.url}?folder=${encodeURIComponent(folder)}`;
	if (payload && payload.length) {
		url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
	}
	return url;
}

/**
 * Launches headless Debian chromium with a throwaway profile. close() awaits context.close()
 * before deleting the profile (deleting earlier races chromium's own writes: ENOTEMPTY).
 */
export async function launchChromium({ viewport = { width: 1400, height: 900 } } = {}) {
	checkPrerequisites();
	let chromium;
	try {
		({ chromium } = await import('playwright-core'));
	} catch (err) {
		throw new Error(`playwright-core is not installed in ${HOST_DIR}; run \`bash test/vscode-host/setup.sh\` (${err.message})`);
	}
	const profileDir = makeTempDir('chromium-');
	const unregister = onExit(() => removeDir(profileDir));
	let context;
	try {
		context = await chromium.launchPersistentContext(profileDir, {
			executablePath: CHROMIUM_BIN,
			headless: true,
			viewport,
			args: CHROMIUM_ARGS,
		});
	} catch (err) {
		unregister();
		removeDir(profileDir);
		throw err;
	}
	const page = context.pages()[0] ?? await context.newPage();
	let closed = false;
	async function close() {
		if (closed) {
			return;
		}
		closed = true;
		try {
			await context.close();
		} catch {
			// browser already gone
		}
		unregister();
		removeDir(profileDir);
	}
	return { context, page, profileDir, close };
}

/** Saves a screenshot under test/artifacts/; never throws. Returns the path or undefined. */
export async function screenshot(page, name) {
	try {
		mkdirSync(ARTIFACTS_DIR, { recursive: true });
		const file = path.join(ARTIFACTS_DIR, name);
		await page.screenshot({ path: file, timeout: 10_000 });
		return file;
	} catch (err) {
		console.error(`could not save screenshot ${name}: ${err.message}`);
		return undefined;
	}
}

/** Races a promise against a timeout that rejects with the given message. */
export function withTimeout(promise, ms, message) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(message)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}
