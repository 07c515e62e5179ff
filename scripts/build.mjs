// Builds the four node bundles (extension client, language server, CLI, analysis worker), the two web
// bundles (dist/web/: the extension for vscode.dev / github.dev and its language server in a web
// worker, from the same sources) and copies the runtime assets they read next to them: the two
// tree-sitter .wasm files (located through __dirname by server/src/analysis/parser.ts; the web client
// reads the same files from the extension's URI) and the migration notes (server/src/notes; the web
// worker has them bundled).
//
//   node scripts/build.mjs               development: sourcemaps, no minification
//   node scripts/build.mjs --production  minified, no sourcemaps (what `npm run package` ships)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');

/**
 * esbuild picks a package's "import" export for an `import` statement even when writing CommonJS.
 * web-tree-sitter's ESM build locates its .wasm through import.meta.url, which is empty in a CJS
 * bundle, so resolve it the way Node's require() does: to its CommonJS build.
 * @type {import('esbuild').Plugin}
 */
const commonJsTreeSitter = {
	name: 'commonjs-web-tree-sitter',
	setup(build) {
		const require = createRequire(path.join(root, 'package.json'));
		build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
		// jsonc-parser's "main" is a UMD build whose require('./impl/...') calls esbuild cannot see,
		// so bundle its ES module build instead.
		build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: path.join(path.dirname(require.resolve('jsonc-parser/package.json')), 'lib', 'esm', 'main.js') }));
	},
};

/**
 * `import { RULE_PAGES } from 'mcp-auth-hints:rule-pages'` (server/src/cli/rulePages.d.ts): every
 * docs/rules/MCP*.md as text, keyed by code, bundled into the CLI so SARIF carries each rule's help
 * inline and dist/ needs no docs/ folder at run time. Read at build time, once per build.
 * @type {import('esbuild').Plugin}
 */
const rulePages = {
	name: 'rule-pages',
	setup(build) {
		build.onResolve({ filter: /^mcp-auth-hints:rule-pages$/ }, (args) => ({ path: args.path, namespace: 'rule-pages' }));
		build.onLoad({ filter: /.*/, namespace: 'rule-pages' }, () => {
			const dir = path.join(root, 'docs', 'rules');
			const files = fs.readdirSync(dir).filter((n) => /^MCP\d+\.md$/.test(n)).sort();
			const pages = Object.fromEntries(files.map((n) => [n.slice(0, -3), fs.readFileSync(path.join(dir, n), 'utf8')]));
			return { contents: `export const RULE_PAGES = ${JSON.stringify(pages)};`, loader: 'js', watchFiles: files.map((n) => path.join(dir, n)) };
		});
	},
};

/**
 * `import { NOTES } from 'mcp-auth-hints:notes'` (server/src/browser/bundledNotes.d.ts): every
 * server/notes/*.md as text, keyed by id, bundled into the web worker, which has no folder to read.
 * @type {import('esbuild').Plugin}
 */
const bundledNotes = {
	name: 'bundled-notes',
	setup(build) {
		build.onResolve({ filter: /^mcp-auth-hints:notes$/ }, (args) => ({ path: args.path, namespace: 'bundled-notes' }));
		build.onLoad({ filter: /.*/, namespace: 'bundled-notes' }, () => {
			const dir = path.join(root, 'server', 'notes');
			const files = fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
			const notes = Object.fromEntries(files.map((n) => [n.slice(0, -3), fs.readFileSync(path.join(dir, n), 'utf8')]));
			return { contents: `export const NOTES = ${JSON.stringify(notes)};`, loader: 'js', watchFiles: files.map((n) => path.join(dir, n)) };
		});
	},
};

/**
 * The web worker's engine is the node one except for how the parser's .wasm arrives: imports of
 * server/src/analysis/parser.ts resolve to server/src/browser/parser.ts (same exports, bytes from
 * the client instead of the disk).
 * @type {import('esbuild').Plugin}
 */
const browserParser = {
	name: 'browser-parser',
	setup(build) {
		build.onResolve({ filter: /(^|\/)parser$/ }, (args) => {
			const target = path.resolve(args.resolveDir, args.path);
			return target === path.join(root, 'server', 'src', 'analysis', 'parser') ? { path: path.join(root, 'server', 'src', 'browser', 'parser.ts') } : undefined;
		});
	},
};

/**
 * The knowledge tables (server/knowledge/*.json, ~700 KB) as `JSON.parse("...")` instead of object
 * literals: V8 parses a JSON string several times faster than the same data as JavaScript, and every
 * bundle evaluates them at load, before the server's first reply (issue 14, start-up).
 * @type {import('esbuild').Plugin}
 */
const jsonParseKnowledge = {
	name: 'json-parse-knowledge',
	setup(build) {
		build.onLoad({ filter: /[\\/]server[\\/]knowledge[\\/][^\\/]+\.json$/ }, (args) => {
			const text = JSON.stringify(JSON.parse(fs.readFileSync(args.path, 'utf8')));
			return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
		});
	},
};

/** @type {import('esbuild').BuildOptions} */
const common = {
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node20',
	minify: production,
	sourcemap: !production,
	logLevel: 'warning',
	// parser.ts falls back to require.resolve() only when the .wasm files are not next to the bundle
	// (tests run from source); in dist/ they always are, so that path is never taken there.
	logOverride: { 'require-resolve-not-external': 'silent' },
	absWorkingDir: root,
	// Keep class and function names readable in stack traces written to the output channel.
	keepNames: true,
	plugins: [commonJsTreeSitter, rulePages, jsonParseKnowledge],
};

const bundles = [
	{ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
	{ entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
	{ entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
	// The engine's worker thread (server/src/pool): started by both the server and the CLI from
	// next to their own bundle, so it must be its own file.
	{ entryPoints: ['server/src/pool/worker.ts'], outfile: 'dist/analysisWorker.js' },
];

/** The web bundles: no node built-ins, classic scripts (a worker started by VS Code uses importScripts). */
const shims = path.join(root, 'server', 'src', 'browser', 'shims');
/** @type {import('esbuild').BuildOptions} */
const web = {
	...common,
	format: 'iife',
	platform: 'browser',
	target: 'es2022',
	mainFields: ['browser', 'module', 'main'],
	plugins: [commonJsTreeSitter, bundledNotes, browserParser, jsonParseKnowledge],
	// The engine's node-only corners (walking folders, local modules, notes on disk) find no file
	// here: workspace files come through the client (server/src/browser/clientFiles.ts).
	alias: {
		fs: path.join(shims, 'fs.ts'),
		'fs/promises': path.join(shims, 'fs.ts'),
		url: path.join(shims, 'url.ts'),
		path: 'path-browserify',
		// The desktop client's shared commands name the node client's types; in the browser the
		// same calls go to vscode-languageclient/browser.
		'vscode-languageclient/node': 'vscode-languageclient/browser',
	},
	inject: [path.join(shims, 'process.ts')],
	define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const webBundles = [
	{ entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'], format: 'cjs' },
	{ entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/web/server.js' },
];

/** Files copied as they are: [source relative to the repo, destination relative to dist/]. */
const assets = [
	['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
	['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
];

function copyAssets() {
	for (const [from, to] of assets) {
		fs.copyFileSync(path.join(root, from), path.join(dist, to));
	}
	const notesSrc = path.join(root, 'server', 'notes');
	const notesDst = path.join(dist, 'notes');
	fs.mkdirSync(notesDst);
	for (const name of fs.readdirSync(notesSrc)) {
		if (name.endsWith('.md')) {
			fs.copyFileSync(path.join(notesSrc, name), path.join(notesDst, name));
		}
	}
}

async function main() {
	// Start clean so no stale bundle or source map from another mode ends up in a package.
	fs.rmSync(dist, { recursive: true, force: true });
	fs.mkdirSync(dist, { recursive: true });
	await Promise.all([
		...bundles.map((b) => esbuild.build({ ...common, ...b })),
		...webBundles.map((b) => esbuild.build({ ...web, ...b })),
	]);
	fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
	copyAssets();
	console.log(`build: dist/ ready (${production ? 'production' : 'development'})`);
}

main().catch((err) => {
	// esbuild has already printed its diagnostics; anything else (a missing asset) is printed here.
	if (!(err && Array.isArray(err.errors))) {
		console.error(err instanceof Error ? err.message : err);
	}
	console.error('build: FAILED');
	process.exit(1);
});
