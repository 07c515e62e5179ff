// Loads the web worker bundle (dist/web/server.js) in headless Chromium, with no VS Code around it:
// a loopback HTTP server serves dist/ and the test page (page/index.html), whose small LSP client
// (page/lspClient.js) talks to the worker over postMessage. Used by worker.test.mjs and measure.mjs.
// Chromium and playwright-core come from the real-editor host (test/vscode-host: Debian's chromium,
// no download). NOT the test in VS Code's web extension host (web-host.mjs).

import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../vscode-host/lib.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const TYPES = { '.js': 'application/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };
/** Only these folders are served: the bundles and the page. */
const SERVED = ['dist/', 'test/browser/page/'];

/** A loopback server for the bundles and the page; resolves to { url, close }. */
export function serveRepo() {
	const server = http.createServer((req, res) => {
		const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'test/browser/page/index.html';
		const file = path.join(REPO_ROOT, rel);
		if (!SERVED.some((p) => rel.startsWith(p)) || rel.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
		createReadStream(file).pipe(res);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
		});
	});
}

/** Chromium on the test page, with the worker not yet started. */
export async function openPage() {
	if (!existsSync(path.join(REPO_ROOT, 'dist', 'web', 'server.js'))) {
		throw new Error('dist/web/server.js is missing: run `npm run build` first');
	}
	const site = await serveRepo();
	const browser = await launchChromium();
	const errors = [];
	browser.page.on('pageerror', (err) => errors.push(err.message));
	browser.page.on('console', (msg) => {
		if (msg.type() === 'error') {
			errors.push(msg.text());
		}
	});
	await browser.page.goto(`${site.url}test/browser/page/index.html`);
	return {
		page: browser.page,
		errors,
		async close() {
			await browser.close();
			await site.close();
		},
	};
}

/** The code of a diagnostic (a string, or the value of { value, target }). */
export function codeOf(d) {
	return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}
