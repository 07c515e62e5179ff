// The audit fixtures (test/fixtures/audit/*.py, written by scripts/knowledge/audit_fixtures.py from
// the SDK facts table) run through the real engine, line by line: every re-export resolves to the
// object it is (a changed class's use gets its warning), every fastmcp name whose same-layout V2
// path is missing gets the real V2 home or "removed" and never the missing path, every dead legacy
// path "fails on every mcp release since", every keyword move is reported. Not the rule fixtures
// with exact finding sets (fixtures.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { Finding } from '../../server/src/analysis/model';
import { Engine } from '../../server/src/engine';

const ROOT = path.resolve(__dirname, '../..');
const AUDIT = path.join(ROOT, 'test', 'fixtures', 'audit');
const EXPECT = /#\s*expect:\s*(.*)$/;
const TOKEN = /(!"[^"]*"|MCP\d{3}(?::"[^"]*")?)/g;

interface Expectation {
	code?: string;
	text?: string;
	absent?: boolean;
}

/** The expectations of one line's trailing `# expect:` comment. */
export function parseExpect(line: string): Expectation[] {
	const m = EXPECT.exec(line);
	if (!m) {
		return [];
	}
	const tokens = m[1].match(TOKEN) ?? [];
	assert.equal(tokens.join(' '), m[1].trim(), `unparsable expectation: ${m[1]}`);
	return tokens.map((t) => {
		if (t.startsWith('!')) {
			return { absent: true, text: t.slice(2, -1) };
		}
		const [code, text] = t.split(/:(.*)/s);
		return text ? { code, text: text.slice(1, -1) } : { code };
	});
}

/**
 * Everything a finding tells the user: the short message (Problems panel), the explanation the
 * hover shows (`detail`) and the canonical object it resolved to (`symbol`).
 */
function said(f: Finding): string {
	return [f.message, f.detail ?? '', f.symbol ?? ''].join('\n');
}

/** What is wrong with the findings of one line, given its expectations. */
export function lineProblems(expect: Expectation[], findings: Finding[]): string[] {
	const out: string[] = [];
	for (const e of expect) {
		if (e.absent) {
			const hit = findings.find((f) => said(f).includes(e.text!));
			if (hit) {
				out.push(`${hit.code} says "${e.text}": ${hit.message}`);
			}
		} else if (!findings.some((f) => f.code === e.code && (!e.text || said(f).includes(e.text)))) {
			out.push(`no ${e.code}${e.text ? ` saying "${e.text}"` : ''} (got ${findings.map((f) => `${f.code}: ${f.message}`).join(' | ') || 'nothing'})`);
		}
	}
	return out;
}

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

const files = fs.readdirSync(AUDIT).filter((f) => f.endsWith('.py')).sort();

test('the audit fixtures are what the generator writes from the committed table', () => {
	const run = spawnSync('python3', [path.join(ROOT, 'scripts/knowledge/audit_fixtures.py'), '--check'], { encoding: 'utf8' });
	assert.equal(run.status, 0, run.stdout + run.stderr);
	assert.deepEqual(files, ['fastmcp_targets.py', 'keywords.py', 'legacy_paths.py', 'reexports.py']);
});

for (const file of files) {
	test(`audit fixture ${file}: every line gets the findings it expects`, () => {
		const source = fs.readFileSync(path.join(AUDIT, file), 'utf8');
		const result = engine.analyzeText(source);
		assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
		const lines = source.split('\n');
		const problems: string[] = [];
		let checked = 0;
		lines.forEach((line, i) => {
			const expect = parseExpect(line);
			if (expect.length === 0) {
				return;
			}
			checked++;
			const here = result.findings.filter((f) => f.range.start.line === i);
			problems.push(...lineProblems(expect, here).map((p) => `${file}:${i + 1}: ${p}`));
		});
		assert.deepEqual(problems, []);
		assert.ok(checked >= (file === 'keywords.py' ? 5 : 20), `${file}: only ${checked} lines checked`);
	});
}

test('the line check can fail: a missing code, a wrong text and a forbidden text are caught', () => {
	const f = { code: 'MCP101', message: 'x is moved in V2 to `mcp.a.B`' } as Finding;
	assert.deepEqual(lineProblems(parseExpect('a  # expect: MCP101:"`mcp.a.B`"'), [f]), []);
	assert.equal(lineProblems(parseExpect('a  # expect: MCP103'), [f]).length, 1);
	assert.equal(lineProblems(parseExpect('a  # expect: MCP101:"removed"'), [f]).length, 1);
	assert.equal(lineProblems(parseExpect('a  # expect: MCP101 !"`mcp.a.B`"'), [f]).length, 1);
	assert.throws(() => parseExpect('a  # expect: MCP101 junk'));
});
