// Size and start-up of the web extension, for the benchmark: the bytes a browser downloads (the two
// web bundles and the parser's .wasm pair, raw and gzip) and the time from `new Worker()` to the
// first diagnostics of a realistic file, measured in headless Chromium (harness.mjs) with the
// page's LSP client. `measureWeb()` returns the figures; run as a script it prints them.
//
//   npm run build:prod && node test/browser/measure.mjs [runs]
//
// NOT a test: it asserts nothing about the numbers (they depend on the machine).

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openPage, REPO_ROOT } from './harness.mjs';

const WEB_FILES = ['dist/web/extension.js', 'dist/web/server.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm'];
const FOLDER = 'vscode-vfs://github/acme/weather';

/** Bytes of each file the web extension loads, raw and gzipped. */
export function webSizes() {
	return Object.fromEntries(WEB_FILES.map((rel) => {
		const file = path.join(REPO_ROOT, rel);
		return [rel, { bytes: statSync(file).size, gzip: gzipSync(readFileSync(file)).length }];
	}));
}

/**
 * Starts the worker `runs` times, each in a fresh page, and returns for each run the milliseconds
 * from `new Worker()` to the initialize answer and to the first pulled diagnostics of auth_server.py.
 */
export async function measureStartup(runs = 3) {
	const text = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'vscode-workspace', 'auth_server.py'), 'utf8');
	const results = [];
	for (let i = 0; i < runs; i++) {
		const session = await openPage();
		try {
			results.push(await session.page.evaluate(async ({ folder, text }) => {
				const { ms: initializeMs } = await window.lsp.start({ folder, files: {} });
				const uri = `${folder}/auth_server.py`;
				window.lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
				const report = await window.lsp.request('textDocument/diagnostic', { textDocument: { uri } });
				return { initializeMs, firstDiagnosticsMs: performance.now() - window.lsp.startedAt, diagnostics: report.items.length };
			}, { folder: FOLDER, text }));
		} finally {
			await session.close();
		}
	}
	return results;
}

export async function measureWeb(runs = 3) {
	const production = !statSync(path.join(REPO_ROOT, 'dist', 'web', 'server.js.map'), { throwIfNoEntry: false });
	return { build: production ? 'production' : 'development', sizes: webSizes(), startup: await measureStartup(runs) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { build, sizes, startup } = await measureWeb(Number(process.argv[2] || 3));
	const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
	console.log(`web extension (${build} build)`);
	let total = 0;
	let totalGzip = 0;
	for (const [file, { bytes, gzip }] of Object.entries(sizes)) {
		total += bytes;
		totalGzip += gzip;
		console.log(`  ${file.padEnd(30)} ${kb(bytes).padStart(9)}  gzip ${kb(gzip).padStart(8)}`);
	}
	console.log(`  ${'total'.padEnd(30)} ${kb(total).padStart(9)}  gzip ${kb(totalGzip).padStart(8)}`);
	for (const [i, r] of startup.entries()) {
		console.log(`  run ${i + 1}: initialize ${r.initializeMs.toFixed(0)} ms, first diagnostics ${r.firstDiagnosticsMs.toFixed(0)} ms after new Worker() (${r.diagnostics} diagnostics)`);
	}
	const sorted = startup.map((r) => r.firstDiagnosticsMs).sort((a, b) => a - b);
	console.log(`  median first diagnostics: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`);
}
