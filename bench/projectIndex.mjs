#!/usr/bin/env node
// The project index row of the benchmark (issue 13): on a corpus, (1) what the index costs the
// project pipeline: building it (registering every module) and giving each file its view, in ms
// and MB of heap; (2) the whole CLI scan (`dist/cli.js scan`, index included) against the same
// scan by another build of the CLI (`--before DIR`: a checkout whose dist/cli.js predates the
// index), as wall-clock medians and their ratio. No timing assertion: figures are printed and
// written to bench/.build/projectIndex.json. NOT the main benchmark (bench/run.mjs); it only reuses its
// corpus generator.
//
//   node bench/projectIndex.mjs [--quick] [--files N] [--corpus DIR] [--before DIR] [--rounds R]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCorpus, folderCorpus } from './corpus.mjs';
import { BENCH, BUILD, ROOT, stats } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
const files = Number(opt('--files', quick ? 300 : 5000));
const rounds = Number(opt('--rounds', quick ? 1 : 3));
const before = opt('--before');
const corpusDir = opt('--corpus');

const corpus = corpusDir ? folderCorpus(path.resolve(corpusDir)) : ensureCorpus({ seed: 1, files, mcpShare: 0.02, mention: false }, console.log);
const paths = corpus.files.map((f) => path.join(corpus.dir, f.rel));
console.log(`corpus: ${corpus.dir} (${paths.length} files, ${(corpus.totalBytes / 1e6).toFixed(1)} MB)`);

// (1) The index alone, bundled from the current sources the way lib.mjs bundles the engine.
const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const bundle = path.join(BUILD, 'projectIndex.cjs');
fs.mkdirSync(BUILD, { recursive: true });
await rootRequire('esbuild').build({
	stdin: {
		contents: "export { ProjectIndex } from './server/src/project/index/projectIndex'; export { indexReader } from './server/src/project/scanProject';",
		resolveDir: ROOT, loader: 'ts',
	},
	outfile: bundle, bundle: true, format: 'cjs', platform: 'node', target: 'node20', absWorkingDir: ROOT, logLevel: 'warning',
	logOverride: { 'require-resolve-not-external': 'silent' },
	plugins: [{ name: 'commonjs-web-tree-sitter', setup(b) { b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: rootRequire.resolve('web-tree-sitter') })); } }],
});
const { ProjectIndex, indexReader } = createRequire(import.meta.url)(bundle);
const builds = [];
let last;
for (let r = 0; r < Math.max(1, rounds); r++) {
	global.gc?.();
	const heap0 = process.memoryUsage().heapUsed;
	const t0 = performance.now();
	const index = await ProjectIndex.create(indexReader());
	index.addFiles(paths);
	const t1 = performance.now();
	let reaching = 0;
	for (const file of paths) {
		const view = index.viewFor(file, fs.readFileSync(file, 'utf8'));
		if (view && Object.keys(view.symbols).length > 0) reaching++;
	}
	const t2 = performance.now();
	global.gc?.();
	const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
	builds.push({ registerMs: t1 - t0, viewsMs: t2 - t1, heapMB, reaching, ...index.stats });
	last = index;
}
const idx = {
	registerMs: stats(builds.map((b) => b.registerMs)).median,
	viewsMs: stats(builds.map((b) => b.viewsMs)).median,
	heapMB: stats(builds.map((b) => b.heapMB)).median,
	modules: builds[0].modules, summarised: builds[0].summarised, summaryMs: builds[0].summaryMs, filesReachingProject: builds[0].reaching,
};
void last;
console.log(`index: ${idx.modules} modules registered in ${idx.registerMs.toFixed(0)} ms; views for every file ${idx.viewsMs.toFixed(0)} ms `
	+ `(${idx.summarised} modules summarised in ${idx.summaryMs.toFixed(0)} ms, ${idx.filesReachingProject} files reach project names); heap held ${idx.heapMB.toFixed(1)} MB`);

// (2) The whole CLI scan, this build against `--before`. The generated corpus lives under
// bench/.corpus, which bench/.gitignore hides from the CLI's walk: scan a copy outside the repository.
let scanDir = corpus.dir;
if (!corpusDir) {
	scanDir = path.join(os.tmpdir(), `mcp-auth-hints-bench-${corpus.key}`);
	if (!fs.existsSync(scanDir)) fs.cpSync(corpus.dir, scanDir, { recursive: true });
}
function scanMs(cli) {
	const times = [];
	for (let r = 0; r < Math.max(1, rounds); r++) {
		const t0 = performance.now();
		const run = spawnSync(process.execPath, [cli, 'scan', scanDir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 30 });
		if (run.status !== 0) throw new Error(`${cli} failed: ${run.stderr}`);
		const scanned = JSON.parse(run.stdout).files;
		if (scanned < paths.length * 0.9) throw new Error(`${cli} scanned ${scanned} of ${paths.length} files`);
		times.push(performance.now() - t0);
	}
	return stats(times).median;
}
const after = scanMs(path.join(ROOT, 'dist', 'cli.js'));
const result = { corpus: { dir: corpus.dir, files: paths.length, bytes: corpus.totalBytes }, index: idx, scan: { afterMs: after } };
console.log(`CLI scan (index included): ${after.toFixed(0)} ms`);
if (before) {
	const beforeMs = scanMs(path.join(path.resolve(before), 'dist', 'cli.js'));
	result.scan.beforeMs = beforeMs;
	result.scan.ratio = after / beforeMs;
	console.log(`CLI scan before (${before}): ${beforeMs.toFixed(0)} ms; after / before = ${(after / beforeMs).toFixed(2)}× (goal ≤ 1.5×)`);
}
fs.writeFileSync(path.join(BUILD, 'projectIndex.json'), JSON.stringify(result, null, 2) + '\n');
