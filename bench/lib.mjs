// Shared helpers for the benchmark scripts: the engine bundle, statistics, process memory, machine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH, '..');
export const BUILD = path.join(BENCH, '.build');
export const ENGINE_BUNDLE = path.join(BUILD, 'engine.cjs');
export const require = createRequire(import.meta.url);
const rootRequire = createRequire(path.join(ROOT, 'package.json'));

/** Bundles server/src (engine, parser, prefilter) into bench/.build/engine.cjs from the current sources. */
export async function buildEngine() {
	const esbuild = rootRequire('esbuild');
	fs.mkdirSync(BUILD, { recursive: true });
	await esbuild.build({
		entryPoints: [path.join(BENCH, 'engine-entry.ts')],
		outfile: ENGINE_BUNDLE,
		bundle: true,
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		absWorkingDir: ROOT,
		logLevel: 'warning',
		logOverride: { 'require-resolve-not-external': 'silent' },
		keepNames: true,
		// As scripts/build.mjs does: esbuild would pick web-tree-sitter's ESM build for an `import`,
		// which locates its .wasm through import.meta.url (empty in CJS); use its CommonJS build.
		plugins: [{
			name: 'commonjs-web-tree-sitter',
			setup(build) {
				build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: rootRequire.resolve('web-tree-sitter') }));
			},
		}],
	});
	// The .wasm pair next to the bundle, as in dist/.
	fs.copyFileSync(path.join(ROOT, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(BUILD, 'tree-sitter.wasm'));
	fs.copyFileSync(path.join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), path.join(BUILD, 'tree-sitter-python.wasm'));
}

export function loadEngineModule() {
	return require(ENGINE_BUNDLE);
}

export function stats(values) {
	const a = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
	if (a.length === 0) return { n: 0, median: NaN, p50: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
	const q = (p) => a[Math.min(a.length - 1, Math.max(0, Math.ceil(p * a.length) - 1))];
	const median = a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
	return { n: a.length, median, p50: median, p95: q(0.95), min: a[0], max: a[a.length - 1], mean: a.reduce((s, v) => s + v, 0) / a.length };
}

/** VmRSS / VmHWM of a process in MB (1e6 bytes), from /proc/<pid>/status. */
export function procMemory(pid = process.pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k) => {
			const m = status.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'));
			return m ? (Number(m[1]) * 1024) / 1e6 : NaN;
		};
		return { rssMB: kb('VmRSS'), hwmMB: kb('VmHWM') };
	} catch {
		return { rssMB: NaN, hwmMB: NaN };
	}
}

export function machine() {
	let commit = 'unknown';
	let dirty = false;
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
	} catch { /* not a git checkout */ }
	const cpu = os.cpus()[0]?.model ?? 'unknown';
	return {
		nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
		cpu,
		memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
		node: process.version,
		v8: process.versions.v8,
		platform: `${os.platform()} ${os.release()}`,
		loadavg: os.loadavg().map((l) => +l.toFixed(2)),
		commit: commit + (dirty ? ' (+ uncommitted changes)' : ''),
		date: new Date().toISOString(),
	};
}

export const mb = (bytes) => bytes / 1e6;
export const fmt = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(digits));
