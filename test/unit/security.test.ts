import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHover } from '../../server/src/lsp/hover';
import { inertMarkdown } from '../../server/src/markdown/inert';
import type { Finding } from '../../server/src/analysis/model';

// What the shipped bundles may do. `npm test` builds dist/ first; the patterns work on both the
// development build and the minified one (`npm run build:prod`). A new dependency or import of a
// Node built-in changes the module sets below on purpose: look at why before updating them.

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Built-in modules reached through require("x"), require("node:x") or import("x"). */
const MODULE_USE = /\b(?:require|import)\(\s*["'](?:node:)?([\w./-]+)["']\s*\)/g;
const NETWORK_OR_PROCESS = new Set(['child_process', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'cluster', 'vm']);
/**
 * worker_threads runs only our own bundled dist/analysisWorker.js (the engine under a time budget
 * and a heap limit, server/src/pool): one require per bundle, from those two source files only.
 */
const WORKER_THREADS = /\brequire\(\s*["'](?:node:)?worker_threads["']\s*\)/g;
const WORKER_SOURCES = ['server/src/pool/worker.ts', 'server/src/pool/workerAnalyzer.ts'];
const CODE_FROM_STRING = /\beval\(|\bnew\s+Function\(/g;

function modules(bundle: string): string[] {
	// Doc-comment lines are not code: linkify-it (bundled with markdown-it) documents
	// `.tlds(require('tlds'))` in one, which the development build keeps.
	const code = bundle.split('\n').filter((line) => !/^\s*(\*|\/\/)/.test(line)).join('\n');
	return [...new Set([...code.matchAll(MODULE_USE)].map((m) => m[1]))].sort();
}

/**
 * Every use of a forbidden module (or eval) must be one of the allowed library sites: `marker`
 * occurs within `window` characters around it (export names and function names survive
 * minification). Returns the uses that match no allowed site and the allowed sites never seen.
 */
function unexplained(bundle: string, pattern: RegExp, allowed: { module?: string; marker: RegExp; why: string }[], window = 450): { stray: string[]; counts: number[] } {
	const counts = allowed.map(() => 0);
	const stray: string[] = [];
	for (const m of bundle.matchAll(pattern)) {
		const module = m[1];
		if (module !== undefined && !NETWORK_OR_PROCESS.has(module)) {
			continue;
		}
		const around = bundle.slice(Math.max(0, m.index - window), m.index + m[0].length + window);
		const site = allowed.findIndex((a) => (a.module === undefined || a.module === module) && a.marker.test(around));
		if (site < 0) {
			stray.push(`${m[0]} near ${JSON.stringify(bundle.slice(Math.max(0, m.index - 120), m.index + 60))}`);
		} else {
			counts[site]++;
		}
	}
	return { stray, counts };
}

// Used by tree-sitter's Emscripten runtime to compile the EM_ASM/EM_JS snippets embedded in the
// bundled .wasm files it loads; never applied to workspace text.
// Both sites are in addEmAsm / addEmJs (EM_ASM constants and EM_JS functions).
const EMSCRIPTEN_EVAL = [{ marker: /addEm(?:Asm|Js)/, why: 'web-tree-sitter: EM_ASM / EM_JS of the bundled wasm' }];

describe('dist/server.js', () => {
	const bundle = read('dist/server.js');

	it('requires exactly the expected Node built-ins', () => {
		assert.deepEqual(modules(bundle), ['child_process', 'crypto', 'fs', 'fs/promises', 'net', 'os', 'path', 'url', 'util', 'worker_threads']);
		assert.equal(bundle.match(WORKER_THREADS)?.length, 1);
	});

	it('uses child_process and net only inside vscode-languageserver / vscode-jsonrpc, never from our code', () => {
		const { stray, counts } = unexplained(bundle, MODULE_USE, [
			// vscode-languageserver/lib/node/files.js: Files.resolveGlobalNodePath / resolveGlobalYarnPath
			// (spawnSync npm/yarn) and resolveModulePath (fork); library helpers the server never calls.
			{ module: 'child_process', marker: /resolveGlobalNodePath/, why: 'vscode-languageserver Files helpers' },
			// vscode-jsonrpc/lib/node/main.js: the pipe and socket transports (--pipe, --socket); the
			// extension starts the server over node IPC and other editors over stdio.
			{ module: 'net', marker: /createServerSocketTransport/, why: 'vscode-jsonrpc socket transport' },
		]);
		assert.deepEqual(stray, []);
		assert.deepEqual(counts, [1, 1]);
	});

	it('has no eval or new Function outside the tree-sitter runtime', () => {
		const { stray, counts } = unexplained(bundle, CODE_FROM_STRING, EMSCRIPTEN_EVAL, 700);
		assert.deepEqual(stray, []);
		assert.deepEqual(counts, [2]);
	});
});

describe('dist/cli.js', () => {
	const bundle = read('dist/cli.js');

	it('requires only file-system built-ins: no process, network or vm module at all', () => {
		// os: the user's cache folder (homedir) and the core count for the worker pool (issue 14).
		assert.deepEqual(modules(bundle), ['crypto', 'fs', 'fs/promises', 'os', 'path', 'url', 'worker_threads']);
		assert.equal(bundle.match(WORKER_THREADS)?.length, 1);
		assert.deepEqual(unexplained(bundle, MODULE_USE, []).stray, []);
	});

	it('has no eval or new Function outside the tree-sitter runtime', () => {
		const { stray, counts } = unexplained(bundle, CODE_FROM_STRING, EMSCRIPTEN_EVAL, 700);
		assert.deepEqual(stray, []);
		assert.deepEqual(counts, [2]);
	});
});

describe('dist/analysisWorker.js', () => {
	const bundle = read('dist/analysisWorker.js');

	it('requires only file-system built-ins and worker_threads (its port to the host)', () => {
		assert.deepEqual(modules(bundle), ['fs', 'fs/promises', 'path', 'worker_threads']);
		assert.deepEqual(unexplained(bundle, MODULE_USE, []).stray, []);
	});

	it('has no eval or new Function outside the tree-sitter runtime', () => {
		const { stray, counts } = unexplained(bundle, CODE_FROM_STRING, EMSCRIPTEN_EVAL, 700);
		assert.deepEqual(stray, []);
		assert.deepEqual(counts, [2]);
	});
});

describe('dist/extension.js', () => {
	const bundle = read('dist/extension.js');

	it('requires exactly the expected modules', () => {
		assert.deepEqual(modules(bundle), ['child_process', 'crypto', 'fs', 'net', 'os', 'path', 'readline', 'util', 'vscode']);
	});

	it('uses child_process only to launch and stop the server (vscode-languageclient), net only in vscode-jsonrpc', () => {
		const { stray, counts } = unexplained(bundle, MODULE_USE, [
			// vscode-languageclient/lib/node/main.js: LanguageClient forks dist/server.js.
			{ module: 'child_process', marker: /LanguageClient/, why: 'server launch' },
			// vscode-languageclient/lib/node/processes.js: terminate() kills the server process on stop.
			{ module: 'child_process', marker: /terminate/, why: 'server stop' },
			// vscode-jsonrpc/lib/node/main.js: pipe/socket transports (the client uses node IPC).
			{ module: 'net', marker: /createServerSocketTransport/, why: 'vscode-jsonrpc socket transport' },
		]);
		assert.deepEqual(stray, []);
		assert.deepEqual(counts, [1, 1, 1]);
	});

	it('has no eval or new Function', () => {
		assert.equal(bundle.match(CODE_FROM_STRING), null);
	});
});

describe('our own source', () => {
	const files = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));

	it('never imports a process, network or vm module, and never evaluates strings', () => {
		const offending: string[] = [];
		for (const file of [...files('server/src'), ...files('client/src')]) {
			const text = read(file);
			for (const m of text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)["'](?:node:)?([\w./-]+)["']/g)) {
				if (NETWORK_OR_PROCESS.has(m[1]) || (m[1] === 'worker_threads' && !WORKER_SOURCES.includes(file.split(path.sep).join('/')))) {
					offending.push(`${file}: ${m[0]}`);
				}
			}
			if (CODE_FROM_STRING.test(text)) {
				offending.push(`${file}: eval/new Function`);
			}
			CODE_FROM_STRING.lastIndex = 0;
		}
		assert.deepEqual(offending, []);
	});

	it('leaves Markdown untrusted in the client: no HTML, and trust only for the note command', () => {
		// The one exception: the hover's "Open note" link, rewritten by the client to a command link
		// trusted for mcpAuthHints.openNote alone (custom-scheme links are stripped from untrusted hovers).
		for (const file of files('client/src')) {
			const text = read(file);
			assert.doesNotMatch(text, /supportHtml/, file);
			const trusts = [...text.matchAll(/isTrusted[^;\n]*/g)].map((m) => m[0]);
			assert.ok(trusts.every((t) => t === 'isTrusted = { enabledCommands: [ClientCommands.openNote] }'), `${file}: ${JSON.stringify(trusts)}`);
		}
	});
});

describe('package.json capabilities', () => {
	const pkg = JSON.parse(read('package.json'));

	it('declares untrustedWorkspaces and virtualWorkspaces, each with a description', () => {
		const caps = pkg.capabilities;
		assert.ok(caps, 'capabilities');
		for (const key of ['untrustedWorkspaces', 'virtualWorkspaces']) {
			assert.ok(caps[key], key);
			assert.ok([true, false, 'limited'].includes(caps[key].supported), `${key}.supported`);
			assert.ok(typeof caps[key].description === 'string' && caps[key].description.length > 20, `${key}.description`);
		}
	});

	it('supports untrusted workspaces fully only while no setting names a path or a program', () => {
		const caps = pkg.capabilities.untrustedWorkspaces;
		const properties: Record<string, { type?: string; items?: { type?: string } }> = pkg.contributes.configuration.properties;
		// Settings whose string values are not file paths: enums, globs relative to the folder,
		// rule codes. A new free-form string setting must be classified here (or restricted).
		const notPaths = new Set(['mcpAuthHints.run', 'mcpAuthHints.scope', 'mcpAuthHints.workspaceScope', 'mcpAuthHints.target', 'mcpAuthHints.trace.server', 'mcpAuthHints.exclude', 'mcpAuthHints.rules.customizations']);
		const stringSettings = Object.entries(properties)
			.filter(([, p]) => p.type === 'string' || p.type === 'array' || p.type === 'object')
			.map(([name]) => name);
		const unclassified = stringSettings.filter((name) => !notPaths.has(name));
		if (caps.supported === true) {
			assert.deepEqual(unclassified, [], 'a setting that may name a path needs "limited" + restrictedConfigurations');
		} else {
			assert.equal(caps.supported, 'limited');
			for (const name of unclassified) {
				assert.ok(caps.restrictedConfigurations?.includes(name), `${name} restricted`);
			}
		}
	});
});

describe('hover Markdown from note and message text is untrusted', () => {
	const hostile = 'See [x](command:foo) and [y](command:workbench.action.terminal.new "t") <img src=x onerror=alert(1)><script>alert(1)</script> <https://evil.example> [ok](https://example.com/)';

	it('inertMarkdown drops command: links and escapes raw HTML', () => {
		const out = inertMarkdown(hostile);
		assert.doesNotMatch(out, /command:/);
		assert.doesNotMatch(out, /(?<!\\)</);
		assert.match(out, /\[ok\]\(https:\/\/example\.com\/\)/);
	});

	it('buildHover passes the note summary and its links through the sanitizer', () => {
		const finding = {
			code: 'MCP101', message: hostile, href: 'command:workbench.action.terminal.new', noteId: 'some-note', symbol: 'mcp.x`y', status: 'moved',
			range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
		} as unknown as Finding;
		const hover = buildHover([finding], finding.range, { summary: () => `Note: ${hostile}`, uriOf: () => 'command:foo' });
		const value = (hover.contents as { value: string }).value;
		assert.doesNotMatch(value, /command:/);
		assert.doesNotMatch(value, /(?<!\\)</, "no unescaped <");
		// Text is backslash-escaped by the shared sanitizer, so the colon reads `\:` in the source.
		assert.match(value, /Note\\: See x and y/);
	});
});
