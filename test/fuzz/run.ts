// Long-run fuzzers, two modes:
// - `npm run fuzz -- --runs 100000 --seed 42` (add `--path <p>` to replay a failure fast-check
//   printed): the engine properties of test/unit/fuzz.test.ts.
// - `npm run fuzz -- --edits 100000 --seed 42`: the edit fuzzer over the real server
//   (editFuzz.ts, as in test/lsp/editFuzz.test.ts); failures are written to --out (JSON) to replay.
// Both print what ran and the failures, and exit 1 when anything failed.
import * as fs from 'node:fs';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine';
import { runEditFuzz } from './editFuzz';
import { applyMutation, checkAnalyze, checkIncremental, editsArb, loadCorpus, mutationsArb } from './harness';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function editMode(edits: number): Promise<number> {
	const seed = Number(arg('seed') ?? String(Date.now() % 0x7fffffff));
	const budgetMs = Number(arg('budget') ?? '10000');
	const out = arg('out') ?? 'edit-fuzz-failures.json';
	if (!Number.isInteger(edits) || edits <= 0 || !Number.isInteger(seed)) {
		console.error('usage: run.ts --edits N [--seed S] [--budget MS] [--out FILE]');
		return 2;
	}
	console.log(`edit fuzz: seed ${seed}, ${edits} edits, budget ${budgetMs} ms per request`);
	const t0 = performance.now();
	const stats = await runEditFuzz({ seed, edits, budgetMs, log: (line) => console.log(line) });
	console.log(`edits ${stats.edits}; bursts ${stats.bursts}; pulls ${stats.pulls}; hangs ${stats.hangs}; crashes ${stats.crashes}; `
		+ `divergences ${stats.divergences}; slowest request ${stats.maxRequestMs.toFixed(0)} ms; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	if (stats.failures.length > 0) {
		fs.writeFileSync(out, JSON.stringify(stats.failures, null, 1));
		console.log(`failures written to ${out}`);
		return 1;
	}
	return 0;
}

async function main(): Promise<number> {
	const edits = arg('edits');
	if (edits !== undefined) {
		return editMode(Number(edits));
	}
	const runs = Number(arg('runs') ?? '10000');
	const seed = Number(arg('seed') ?? String(Date.now() % 0x7fffffff));
	const replayPath = arg('path');
	if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
		console.error('usage: run.ts [--runs N] [--seed S] [--path P]');
		return 2;
	}
	const engine = await Engine.create();
	const corpus = loadCorpus();
	const idx = fc.integer({ min: 0, max: corpus.length - 1 });
	const properties: { name: string; prop: fc.IProperty<never>; share: number }[] = [
		{ name: 'analyze', share: 0.7, prop: fc.property(fc.tuple(idx, mutationsArb), ([i, m]) => ok(checkAnalyze(engine, m.reduce(applyMutation, corpus[i].text)))) as never },
		{ name: 'incremental', share: 0.3, prop: fc.property(fc.tuple(idx, mutationsArb, editsArb), ([i, m, e]) => ok(checkIncremental(engine, m.reduce(applyMutation, corpus[i].text), e))) as never },
	];
	console.log(`fuzz: seed ${seed}, ${runs} runs, corpus ${corpus.length} files`);
	let executed = 0;
	let failures = 0;
	const t0 = performance.now();
	for (const p of properties) {
		const n = Math.max(1, Math.round(runs * p.share));
		const t1 = performance.now();
		const res = fc.check(p.prop, { seed, numRuns: n, path: replayPath, endOnFailure: false });
		executed += res.numRuns;
		const ms = performance.now() - t1;
		if (res.failed) {
			failures++;
			console.log(`FAIL ${p.name} after ${res.numRuns} runs (${ms.toFixed(0)} ms)\n${fc.defaultReportMessage(res)}`);
		} else {
			console.log(`ok   ${p.name}: ${res.numRuns} runs in ${ms.toFixed(0)} ms`);
		}
	}
	console.log(`runs executed: ${executed}; failures: ${failures}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return failures > 0 ? 1 : 0;
}

function ok(problems: string[]): void {
	if (problems.length > 0) {
		throw new Error(problems.join('\n'));
	}
}

main().then((code) => process.exit(code), (err) => {
	console.error(err);
	process.exit(1);
});
