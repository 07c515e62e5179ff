import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine } from '../../server/src/engine';

// Rule fixtures, rust-analyzer style: `test/fixtures/<NAME>.py` starts with
//   # fixture-checks: MCP101 MCP103
// and every expected finding of those codes is marked by a caret comment line right under the
// code line it is on (several caret lines may follow one code line):
//   from mcp.server.auth.provider import TokenVerifier
//   #                                    ^^^^^^^^^^^^^ MCP101
// An optional quoted text after the code must appear in the message. The set of findings of the
// listed codes must equal the annotations exactly: a missing finding and an extra one both fail,
// so near-misses are tested simply by leaving them unannotated.

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const CHECKS = /^#\s*fixture-checks:\s*(.+)$/m;
const ANNOTATION = /^(\s*#\s*)(\^+)\s+(MCP\d{3})(?:\s+"([^"]*)")?\s*$/;

interface Expected {
	line: number;
	start: number;
	end: number;
	code: string;
	text?: string;
}

function parseFixture(source: string): { codes: Set<string>; expected: Expected[] } {
	const header = CHECKS.exec(source);
	assert.ok(header, 'fixture needs a "# fixture-checks: CODES" line');
	const codes = new Set(header[1].trim().split(/\s+/));
	const lines = source.split(/\r\n|\r|\n/);
	const expected: Expected[] = [];
	let target = -1;
	lines.forEach((line, i) => {
		const m = ANNOTATION.exec(line);
		if (!m) {
			target = i;
			return;
		}
		assert.ok(target >= 0, `annotation on line ${i + 1} has no code line above it`);
		const start = m[1].length;
		expected.push({ line: target, start, end: start + m[2].length, code: m[3], text: m[4] });
	});
	return { codes, expected };
}

let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort();

test('there is a fixture for every auth rule', () => {
	for (const code of ['MCP100', 'MCP101', 'MCP102', 'MCP103', 'MCP104', 'MCP105', 'MCP106']) {
		assert.ok(files.includes(`${code}.py`), `missing test/fixtures/${code}.py`);
	}
});

for (const file of files) {
	test(`fixture ${file}`, () => {
		const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
		const { codes, expected } = parseFixture(source);
		const result = engine.analyzeText(source);
		assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
		const actual = result.findings.filter((f) => codes.has(f.code));
		const key = (l: number, s: number, e: number, c: string) => `${l + 1}:${s + 1}-${e + 1} ${c}`;
		const actualKeys = actual.map((f) => {
			assert.equal(f.range.start.line, f.range.end.line, `multi-line finding ${f.code}`);
			return key(f.range.start.line, f.range.start.character, f.range.end.character, f.code);
		}).sort();
		const expectedKeys = expected.map((e) => key(e.line, e.start, e.end, e.code)).sort();
		const missing = expectedKeys.filter((k) => !actualKeys.includes(k));
		const extra = actual.filter((f) => !expectedKeys.includes(key(f.range.start.line, f.range.start.character, f.range.end.character, f.code)))
			.map((f) => `${key(f.range.start.line, f.range.start.character, f.range.end.character, f.code)} [${source.slice(f.span.start, f.span.end)}] ${f.message}`);
		assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${file}: findings differ from the annotations`);
		for (const e of expected.filter((x) => x.text)) {
			const f = actual.find((a) => a.code === e.code && a.range.start.line === e.line && a.range.start.character === e.start);
			assert.ok(f && f.message.includes(e.text!), `${file}:${e.line + 1}: message of ${e.code} should mention "${e.text}", got: ${f?.message}`);
		}
		for (const f of actual) {
			assert.equal(f.rule.length > 0, true);
			assert.match(f.href, /^https:\/\//, `${f.code} href`);
			assert.ok(f.noteId, `${f.code} at ${f.range.start.line + 1} has a note`);
		}
	});
}
