// Builds the four bundles (extension client, language server, CLI, analysis worker) and copies the runtime
// assets they read from disk next to them: the two tree-sitter .wasm files (located through
// __dirname by server/src/analysis/parser.ts) and the migration notes (server/src/notes).
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
	plugins: [commonJsTreeSitter],
};

const bundles = [
	{ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
	{ entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
	{ entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
	// The engine's worker thread (server/src/pool): started by both the server and the CLI from
	// next to their own bundle, so it must be its own file.
	{ entryPoints: ['server/src/pool/worker.ts'], outfile: 'dist/analysisWorker.js' },
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
	await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b })));
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
