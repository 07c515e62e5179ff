import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisResult, Engine } from '../../server/src/engine';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/settings';
import { findingProblems } from '../fuzz/harness';

// Hostile inputs for the engine. Big inputs are generated here, never committed. Times are printed
// (`# hostile: ...`), not asserted. HOSTILE_FULL=1 runs the 10,000-level indented-block case too
// (about 50 MB of indentation; ~1 min), which CI replaces by 3,000 levels.

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

const IMPORT = 'from mcp.server.auth.provider import AccessToken, TokenVerifier\n';
const RAISED: Settings = { ...DEFAULT_SETTINGS, maxFileSize: 256 * 1024 * 1024 };
const UNCAPPED: Settings = { ...DEFAULT_SETTINGS, maxFileSize: 0 };
const FULL = process.env.HOSTILE_FULL === '1';

function timed(label: string, text: string, settings?: Settings): AnalysisResult {
	const t0 = performance.now();
	const r = engine.analyzeText(text, settings ? { settings } : {});
	console.log(`# hostile: ${label}: ${(text.length / 1048576).toFixed(2)} MiB (UTF-16 units), ${r.findings.length} findings, ${(performance.now() - t0).toFixed(0)} ms (parse ${r.stats.parseMs.toFixed(0)} ms)`);
	return r;
}

function assertSound(text: string, r: AnalysisResult): void {
	assert.deepEqual(r.ruleErrors, []);
	assert.deepEqual(findingProblems(text, r), []);
}

function onlySkipped(r: AnalysisResult, reason: 'too-large' | 'binary'): void {
	assert.equal(r.stats.skippedReason, reason);
	assert.deepEqual(r.findings.map((f) => f.code), ['MCP199'], 'exactly one MCP199 and nothing else');
	const f = r.findings[0];
	assert.deepEqual(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
	assert.deepEqual(f.span, { start: 0, end: 0 });
	assert.equal(f.severity, 'information');
	assert.match(f.message, reason === 'too-large' ? /maxFileSize/ : /NUL/);
	assert.deepEqual(r.ruleErrors, []);
}

function names(text: string, r: AnalysisResult, code: string): string[] {
	return r.findings.filter((f) => f.code === code).map((f) => text.slice(f.span.start, f.span.end));
}

/** ~10 MiB of ordinary code with flagged uses spread through it (so a skip is observable). */
function tenMegabytes(): string {
	const parts = [IMPORT];
	let len = IMPORT.length;
	const filler = 'x'.repeat(440);
	for (let i = 0; len < 10 * 1024 * 1024; i++) {
		const line = i % 500 === 0 ? `v${i} = TokenVerifier  # ${filler}\n` : `s${i} = "${filler}" + str(${i})\n`;
		parts.push(line);
		len += line.length;
	}
	return parts.join('');
}

function twoHundredThousandLines(): string {
	const parts = [IMPORT];
	for (let i = 0; i < 200_000; i++) {
		parts.push(i % 1000 === 0 ? `v${i} = TokenVerifier(endpoint="https://auth.example/${i}")` : `value_${i} = compute(${i}, "padding")`);
	}
	return parts.join('\n');
}

test('10 MB file, default cap: exactly one MCP199, nothing else', () => {
	const text = tenMegabytes();
	assert.ok(text.length >= 10 * 1024 * 1024);
	onlySkipped(timed('10 MiB default cap', text), 'too-large');
});

test('200,000-line file, default cap: exactly one MCP199, nothing else', () => {
	const text = twoHundredThousandLines();
	assert.ok(Buffer.byteLength(text) > DEFAULT_SETTINGS.maxFileSize);
	onlySkipped(timed('200,000 lines default cap', text), 'too-large');
});

test('size cap counts UTF-8 bytes, not UTF-16 units: 1.1M CJK chars (3.3 MB) is skipped', () => {
	const text = IMPORT + `s = "${'認'.repeat(1_100_000)}"\n`;
	assert.ok(text.length < DEFAULT_SETTINGS.maxFileSize);
	onlySkipped(engine.analyzeText(text), 'too-large');
});

test('just under the cap is analysed normally', () => {
	const text = IMPORT + '#'.repeat(DEFAULT_SETTINGS.maxFileSize - IMPORT.length - 1) + '\n';
	assert.equal(Buffer.byteLength(text), DEFAULT_SETTINGS.maxFileSize);
	const r = engine.analyzeText(text);
	assertSound(text, r);
	assert.deepEqual(names(text, r, 'MCP101'), ['AccessToken', 'TokenVerifier']);
});

test('200,000-line file with maxFileSize raised is analysed (time recorded)', () => {
	const text = twoHundredThousandLines();
	const r = timed('200,000 lines raised cap', text, RAISED);
	assertSound(text, r);
	assert.deepEqual(names(text, r, 'MCP101'), ['AccessToken', 'TokenVerifier']);
	const uses = r.findings.filter((f) => f.code === 'MCP100');
	assert.equal(uses.length, 200);
	assert.deepEqual(uses[199].range.start, { line: 199_002, character: 10 });
});

test('10 MB file with maxFileSize raised is analysed (time recorded)', () => {
	const text = tenMegabytes();
	const r = timed('10 MiB raised cap', text, RAISED);
	assertSound(text, r);
	assert.ok(!r.findings.some((f) => f.code === 'MCP199'));
	assert.equal(names(text, r, 'MCP100').length, Math.ceil((text.split('\n').length - 2) / 500));
});

test('NUL bytes (binary content named .py): one MCP199 even with flagged code and a raised cap', () => {
	for (const text of [IMPORT + 'x = 1\0\n', '\0' + IMPORT, IMPORT + Buffer.from([0, 1, 2, 255, 0, 0x89, 0x50]).toString('latin1')]) {
		onlySkipped(engine.analyzeText(text), 'binary');
		onlySkipped(engine.analyzeText(text, { settings: UNCAPPED }), 'binary');
	}
	// Random binary with an "mcp" in it (so the prefilter does not hide a missing NUL check).
	let seed = 12345;
	const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
	const bin = bytes.toString('latin1') + '\0mcp';
	onlySkipped(engine.analyzeText(bin), 'binary');
});

test('UTF-16 file read as UTF-8 (NULs between ASCII letters): one MCP199', () => {
	const raw = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(IMPORT, 'utf16le')]);
	onlySkipped(engine.analyzeText(raw.toString('utf8')), 'binary');
});

test('invalid UTF-8 decoded with replacement characters: positions exact after U+FFFD', () => {
	const bytes = Buffer.concat([Buffer.from('x = "'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82, 0xf0, 0x9f, 0x98]), Buffer.from('"; ' + IMPORT)]);
	const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	assert.ok(text.includes('\uFFFD'));
	const r = engine.analyzeText(text);
	assertSound(text, r);
	const tv = r.findings.find((f) => f.code === 'MCP101' && text.slice(f.span.start, f.span.end) === 'TokenVerifier');
	assert.ok(tv);
	const col = text.indexOf('TokenVerifier');
	assert.deepEqual(tv.range, { start: { line: 0, character: col }, end: { line: 0, character: col + 13 } });
});

test('UTF-8 BOM kept in the text: positions count it as one unit on line 0 only', () => {
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(IMPORT + 'v = TokenVerifier\n')]));
	assert.equal(text.charCodeAt(0), 0xfeff);
	const r = engine.analyzeText(text);
	assertSound(text, r);
	assert.deepEqual(r.findings.filter((f) => f.code !== 'MCP100').map((f) => [f.code, f.range.start.character]), [['MCP101', 38], ['MCP101', 51]]);
	assert.deepEqual(r.findings.filter((f) => f.code === 'MCP100').map((f) => f.range.start), [{ line: 1, character: 4 }]);
});

test('CRLF and lone CR line ends: same findings on the same LSP lines as LF', () => {
	const lf = `import os\n${IMPORT}\nclass V(TokenVerifier):\n    def f(self) -> AccessToken:\n        return AccessToken(token="t", client_id="c", scopes=[])\n`;
	const base = engine.analyzeText(lf).findings.map((f) => [f.code, f.range, f.message]);
	assert.ok(base.length >= 5);
	for (const eol of ['\r\n', '\r']) {
		const text = lf.replace(/\n/g, eol);
		const r = engine.analyzeText(text);
		assertSound(text, r);
		assert.deepEqual(r.findings.map((f) => [f.code, f.range, f.message]), base, JSON.stringify(eol));
	}
});

test('surrogate pairs and combining characters before a flagged name: exact UTF-16 range', () => {
	const text = 'x = "😀é"; from mcp.server.auth.provider import TokenVerifier';
	const r = engine.analyzeText(text);
	assertSound(text, r);
	assert.deepEqual(r.findings.map((f) => [f.code, f.range]), [['MCP101', { start: { line: 0, character: 48 }, end: { line: 0, character: 61 } }]]);
	const t2 = 'x = "a\u0301\u0302😀👍🏽"; from mcp.server.auth.provider import TokenVerifier';
	const r2 = engine.analyzeText(t2);
	assert.deepEqual(r2.findings.map((f) => f.range.start.character), [t2.indexOf('TokenVerifier')]);
});

test('10,000 levels of parentheses, lists, calls, attribute chains and unbalanced brackets: no throw', () => {
	const n = 10_000;
	const text = IMPORT
		+ `a = ${'('.repeat(n)}TokenVerifier${')'.repeat(n)}\n`
		+ `b = ${'['.repeat(n)}AccessToken${']'.repeat(n)}\n`
		+ `c = ${'f('.repeat(n)}TokenVerifier${')'.repeat(n)}\n`
		+ `d = TokenVerifier${'.x'.repeat(200)}\n`
		+ `e = ${'{"k": '.repeat(n)}1${'}'.repeat(n)}\n`
		+ `g = ${'('.repeat(n)}\nh = TokenVerifier\n`;
	const r = timed('10,000-level brackets', text);
	assertSound(text, r);
	assert.deepEqual(names(text, r, 'MCP101'), ['AccessToken', 'TokenVerifier']);
});

// Regression: attribute-chain analysis used to grow ~n^2.6 with the chain length (10,000 links did
// not finish in minutes); chains are now followed only as deep as a catalogued name can be.
test('10,000-link attribute chain on a flagged name finishes', () => {
	const text = IMPORT + `d = TokenVerifier${'.x'.repeat(10_000)}\n`;
	const r = timed('10,000-link attribute chain', text);
	assertSound(text, r);
});

test('deep unary/lambda nesting (2,000 levels): no throw', () => {
	const n = 2_000;
	const text = IMPORT + `z = ${'not '.repeat(n)}TokenVerifier\nw = ${'lambda: '.repeat(n)}AccessToken\ny = ${'-'.repeat(n)}1\n`;
	const r = timed('2,000-level not/lambda', text);
	assertSound(text, r);
	assert.deepEqual(names(text, r, 'MCP100').sort(), ['AccessToken', 'TokenVerifier']);
});

test(`${FULL ? '10,000' : '3,000'} nested if/def blocks: no stack overflow, no throw`, () => {
	const n = FULL ? 10_000 : 3_000;
	const parts = [IMPORT];
	for (let i = 0; i < n; i++) {
		parts.push(' '.repeat(i) + (i % 2 ? 'if x:\n' : `def f${i}():\n`));
	}
	parts.push(' '.repeat(n) + 'return TokenVerifier\n');
	const text = parts.join('');
	// Over the default cap by construction (indentation is quadratic): first the cap, then the real work.
	onlySkipped(engine.analyzeText(text), 'too-large');
	const r = timed(`${n} nested blocks`, text, UNCAPPED);
	assertSound(text, r);
	assert.deepEqual(names(text, r, 'MCP101'), ['AccessToken', 'TokenVerifier']);
});

test('1 MB single line: analysed, flagged name after it exact', () => {
	const text = IMPORT + `x = "${'a'.repeat(1 << 20)}"; y = TokenVerifier; z = "${'😀'.repeat(1000)}"; w = AccessToken\n`;
	const r = timed('1 MiB single line', text);
	assertSound(text, r);
	const uses = r.findings.filter((f) => f.code === 'MCP100').map((f) => [text.slice(f.span.start, f.span.end), f.range.start]);
	assert.deepEqual(uses, [
		['TokenVerifier', { line: 1, character: (1 << 20) + 12 }],
		['AccessToken', { line: 1, character: (1 << 20) + 12 + 13 + 7 + 2000 + 7 }],
	]);
});
