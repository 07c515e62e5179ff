import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine';
import {
	applyMutation, checkAnalyze, checkIncremental, checkLineIndexEdits, editsArb, insertTextArb, loadCorpus, mutationsArb,
} from '../fuzz/harness';

// Bounded, seeded property tests of the engine (CI mode). The same properties run for as long as
// you like with `npm run fuzz -- --runs 100000 --seed 1` (test/fuzz/run.ts). A failure prints
// fast-check's seed and path; replay it with `npm run fuzz -- --seed <seed> --path <path>`.
// Budget: FUZZ_SCALE (default 1) multiplies the run counts.

const SCALE = Number(process.env.FUZZ_SCALE ?? '1') || 1;
const corpus = loadCorpus();
let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

function run<T>(name: string, arb: fc.Arbitrary<T>, numRuns: number, seed: number, check: (v: T) => string[]): void {
	test(name, () => {
		const t0 = performance.now();
		let n = 0;
		fc.assert(fc.property(arb, (v) => {
			n++;
			const problems = check(v);
			if (problems.length > 0) {
				throw new Error(problems.join('\n'));
			}
		}), { seed, numRuns: Math.round(numRuns * SCALE), endOnFailure: false });
		console.log(`# ${name}: ${n} runs (incl. shrinking) in ${(performance.now() - t0).toFixed(0)} ms over ${corpus.length} corpus files`);
	});
}

const corpusIndex = fc.integer({ min: 0, max: corpus.length - 1 });

test('fuzz corpus: the built-in sample plus every .py under test/fixtures and examples', () => {
	assert.ok(corpus.length >= 1);
	// The built-in sample really exercises the rules, so mutations start from flagged code.
	const r = engine.analyzeText(corpus[0].text);
	assert.deepEqual(r.ruleErrors, []);
	const codes = new Set(r.findings.map((f) => f.code));
	for (const c of ['MCP100', 'MCP101', 'MCP103', 'MCP104']) {
		assert.ok(codes.has(c), `built-in sample lacks ${c}`);
	}
	console.log(`# corpus: ${corpus.length} files`);
});

run('analyzeText on mutated corpus files: never throws, ranges inside the document and equal to the span, deterministic, no rule errors',
	fc.tuple(corpusIndex, mutationsArb), 5000, 0x5eed01,
	([i, muts]) => checkAnalyze(engine, muts.reduce(applyMutation, corpus[i].text)));

run('analyzeText on random junk spliced into one flagged line (surrogates, NUL-free)',
	fc.tuple(insertTextArb, insertTextArb), 1000, 0x5eed02,
	([a, b]) => checkAnalyze(engine, `${a.replace(/\0/g, '')}from mcp.server.auth.provider import AccessToken, ${b.replace(/\0/g, '')}TokenVerifier\nv = TokenVerifier`));

run('incremental analysis after random LSP edits equals a fresh analysis of the final text',
	fc.tuple(corpusIndex, editsArb), 1500, 0x5eed03,
	([i, edits]) => checkIncremental(engine, corpus[i].text, edits));

run('incremental analysis starting from a mutated file (analysing only at the end)',
	fc.tuple(corpusIndex, mutationsArb, editsArb), 800, 0x5eed04,
	([i, muts, edits]) => checkIncremental(engine, muts.reduce(applyMutation, corpus[i].text), edits, false));

// Open documents keep one line index updated per edit (LineIndex.withEdit); findings of the
// incremental runs above are placed with it, and here it is compared line by line with the
// independent arithmetic, on corpus files and on short texts dense in "\r", "\n" and "\r\n".
run('the line index updated per edit equals the line arithmetic of the final text',
	fc.tuple(corpusIndex, editsArb), 1500, 0x5eed05,
	([i, edits]) => checkLineIndexEdits(corpus[i].text, edits));

run('the line index updated per edit, on texts made of line breaks',
	fc.tuple(fc.array(fc.constantFrom('\r', '\n', '\r\n', 'x', '\ud83d\ude00'), { maxLength: 30 }).map((a) => a.join('')), editsArb), 3000, 0x5eed06,
	([base, edits]) => checkLineIndexEdits(base, edits));
