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
// Verdicts are per project target: `# fixture-target: 1 2` runs the file under both (default: 1
// only). After the code, an optional severity (`hint`, or `warning/error` for target 1 / target 2)
// is checked too; `MCP102@2` expects the finding under target 2 only (`@1`: target 1 only).

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const CHECKS = /^#\s*fixture-checks:\s*(.+)$/m;
const TARGETS = /^#\s*fixture-target:\s*(.+)$/m;
const SEVERITY = '(error|warning|information|hint)';
const ANNOTATION = new RegExp(`^(\\s*#\\s*)(\\^+)\\s+(MCP\\d{3})(?:@([12]))?(?:\\s+${SEVERITY}(?:/${SEVERITY})?)?(?:\\s+"([^"]*)")?\\s*$`);
type Target = '1' | '2';

interface Expected {
	line: number;
	start: number;
	end: number;
	code: string;
	text?: string;
	only?: Target;
	severity?: Record<Target, string>;
}

function parseFixture(source: string): { codes: Set<string>; expected: Expected[]; targets: Target[] } {
	const header = CHECKS.exec(source);
	assert.ok(header, 'fixture needs a "# fixture-checks: CODES" line');
	const codes = new Set(header[1].trim().split(/\s+/));
	const targets = (TARGETS.exec(source)?.[1].trim().split(/\s+/) ?? ['1']) as Target[];
	assert.ok(targets.every((t) => t === '1' || t === '2'), 'fixture-target lists 1 and/or 2');
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
		const severity = m[5] ? { '1': m[5], '2': m[6] ?? m[5] } : undefined;
		expected.push({ line: target, start, end: start + m[2].length, code: m[3], only: m[4] as Target | undefined, severity, text: m[7] });
	});
	return { codes, expected, targets };
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
	const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
	const parsed = parseFixture(source);
	for (const t of parsed.targets) {
		test(`fixture ${file}${parsed.targets.length > 1 || t !== '1' ? ` (target ${t})` : ''}`, () => checkFixture(file, source, parsed, t));
	}
}

function checkFixture(file: string, source: string, parsed: ReturnType<typeof parseFixture>, t: Target): void {
	const { codes } = parsed;
	const expected = parsed.expected.filter((e) => !e.only || e.only === t);
	const result = engine.analyzeText(source, { mcpResolvesV2: t === '2' });
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
	assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${file} (target ${t}): findings differ from the annotations`);
	const found = (e: Expected) => actual.find((a) => a.code === e.code && a.range.start.line === e.line && a.range.start.character === e.start);
	for (const e of expected.filter((x) => x.text)) {
		const f = found(e);
		assert.ok(f && f.message.includes(e.text!), `${file}:${e.line + 1}: message of ${e.code} should mention "${e.text}", got: ${f?.message}`);
	}
	const wrongSeverity = expected.filter((e) => e.severity && found(e)?.severity !== e.severity[t])
		.map((e) => `${e.line + 1}:${e.start + 1} ${e.code}: expected ${e.severity![t]}, got ${found(e)?.severity}`);
	assert.deepEqual(wrongSeverity, [], `${file} (target ${t}): severities differ from the annotations`);
	for (const f of actual) {
		assert.equal(f.rule.length > 0, true);
		// What breaks and what to write fits a Problems row; the prose is the detail (hover).
		assert.ok(f.message.length <= 100, `${file}:${f.range.start.line + 1} ${f.code} message over 100 characters: ${f.message}`);
		assert.match(f.href, /^https:\/\//, `${f.code} href`);
		assert.ok(f.noteId, `${f.code} at ${f.range.start.line + 1} has a note`);
	}
}
