import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { applyEdits, applyFixRound, fixUntilStable, overlaps, selectFixes } from '../../server/src/fixes/apply';
import { unifiedDiff } from '../../server/src/fixes/diff';

// Rewrites through the real engine: every test/fixtures/fixes/<name>.before.py must become
// <name>.after.py. Its first line says `# fix: safe|unsafe [v2] rule=CODE`: which fixes, whether the
// project resolves mcp 2, and the one rule whose fixes are applied (Ruff's fix tests enable one
// rule at a time, so a fix added to one rule changes no other rule's golden). The result must
// parse cleanly, and a second round of that rule must find nothing.

const ROOT = path.resolve(__dirname, '..', '..');
const FIXES = path.join(ROOT, 'test', 'fixtures', 'fixes');
const HEADER = /^# fix: (safe|unsafe)( v2)? rule=(MCP\d{3})\n/;

let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

const cases = fs.readdirSync(FIXES).filter((f) => f.endsWith('.before.py')).sort();

function findingsOf(text: string, rule: string, v2: boolean) {
	return engine.analyzeText(text, { mcpResolvesV2: v2 }).findings.filter((f) => f.code === rule);
}

function fixOnce(text: string, unsafe: boolean, v2: boolean, rule: string) {
	return fixUntilStable(text, (t) => findingsOf(t, rule, v2), { includeReview: unsafe });
}

/** Every rule's fixes together, as fix-all applies them. */
function fixAll(text: string, unsafe: boolean) {
	return fixUntilStable(text, (t) => engine.analyzeText(t).findings, { includeReview: unsafe });
}

for (const file of cases) {
	test(`rewrite ${file.replace('.before.py', '')}`, () => {
		const before = fs.readFileSync(path.join(FIXES, file), 'utf8');
		const expected = fs.readFileSync(path.join(FIXES, file.replace('.before.', '.after.')), 'utf8');
		const header = HEADER.exec(before);
		assert.ok(header, 'fixture needs "# fix: safe|unsafe [v2] rule=CODE"');
		const unsafe = header[1] === 'unsafe';
		const v2 = !!header[2];
		const rule = header[3];
		const result = fixOnce(before, unsafe, v2, rule);
		assert.equal(result.text, expected);
		assert.equal(engine.hasSyntaxErrors(result.text), false, 'the rewritten file parses cleanly');
		const again = engine.analyzeText(result.text, { mcpResolvesV2: v2 });
		assert.deepEqual(again.ruleErrors, []);
		assert.equal(applyFixRound(result.text, again.findings.filter((f) => f.code === rule), { includeReview: unsafe }).applied, 0, 'a second round has nothing to do');
		assert.ok(result.rounds <= 3, `settles quickly (${result.rounds} rounds)`);
	});
}

test('every fix is labelled and titled with its review marker, and leaves the code to the door', () => {
	for (const file of cases) {
		const text = fs.readFileSync(path.join(FIXES, file), 'utf8');
		for (const f of engine.analyzeText(text).findings) {
			for (const fix of f.fixes) {
				assert.ok(fix.edits.length > 0);
				assert.ok(!fix.title.includes(f.code), fix.title);
				assert.equal(fix.title.endsWith('(review)'), fix.safety === 'review', fix.title);
			}
		}
	}
});

const safetyOf = (text: string, code: string, needle: string, v2 = false) => {
	const at = text.indexOf(needle);
	const f = engine.analyzeText(text, { mcpResolvesV2: v2 }).findings.find((x) => x.code === code && x.span.start === at);
	assert.ok(f, `${code} at ${needle}`);
	return f.fixes.map((x) => x.safety);
};

test('safety: FastMCP rename is safe in a project on mcp 2, review when re-exported, shadowed or aliased', () => {
	const v2 = true;
	assert.deepEqual(safetyOf('from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("a")\n', 'MCP103', 'mcp.server.fastmcp', v2), ['safe']);
	assert.deepEqual(safetyOf('from mcp.server.fastmcp import FastMCP\n__all__ = ["FastMCP"]\n', 'MCP103', 'mcp.server.fastmcp', v2), ['review']);
	assert.deepEqual(safetyOf('from mcp.server.fastmcp import FastMCP\ndef f():\n    FastMCP = 1\n    return FastMCP\n', 'MCP103', 'mcp.server.fastmcp', v2), ['review']);
	assert.deepEqual(safetyOf('from mcp.server.fastmcp import FastMCP as F\nF("a")\n', 'MCP103', 'mcp.server.fastmcp', v2), ['review']);
	const text = 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("a")\n';
	assert.deepEqual(safetyOf(text, 'MCP103', 'FastMCP("a")', v2), ['safe'], 'uses carry the import rewrite too');
});

test('safety: a rewrite that writes V2-only names is never safe in a project on mcp 1', () => {
	const text = 'from mcp.server.fastmcp import FastMCP, Context\nmcp = FastMCP("a", port=1)\nmcp.run(transport="sse")\ndef f(ctx: Context):\n    return ctx.fastmcp\n';
	for (const [code, needle, onV2] of [['MCP103', 'mcp.server.fastmcp', 'safe'], ['MCP104', 'port=1', 'review'], ['MCP105', 'fastmcp\n', 'safe']] as const) {
		assert.deepEqual(safetyOf(text, code, needle), ['review'], `${code} on mcp 1`);
		// On mcp 2 the builder's own safety stands (moving a transport keyword is always a review).
		assert.deepEqual(safetyOf(text, code, needle, true), [onV2], `${code} on mcp 2`);
	}
	const onV1 = engine.analyzeText(text).findings.flatMap((f) => f.fixes);
	assert.ok(onV1.length > 0 && onV1.every((f) => f.v2Only === true && f.safety === 'review'));
	assert.ok(engine.analyzeText(text, { mcpResolvesV2: true }).findings.flatMap((f) => f.fixes).every((f) => !f.v2Only));
});

test('safety: camelCase fields are safe only once mcp resolves to 2', () => {
	const text = 'from mcp import ClientSession\nasync def f(s: ClientSession):\n    r = await s.list_resources()\n    return r.nextCursor\n';
	assert.deepEqual(safetyOf(text, 'MCP203', 'nextCursor'), ['review']);
	assert.deepEqual(safetyOf(text, 'MCP203', 'nextCursor', true), ['safe']);
});

test('removed APIs without a replacement get no rewrite', () => {
	const text = fs.readFileSync(path.join(FIXES, 'removed_no_fix.before.py'), 'utf8');
	const findings = engine.analyzeText(text).findings.filter((f) => /RFC7523|JWTParameters|get_context/.test(text.slice(f.span.start, f.span.end)));
	assert.ok(findings.length >= 3);
	assert.ok(findings.every((f) => f.fixes.length === 0));
});

test('imports are added once, after the import block, never duplicated', () => {
	const text = '"""Doc."""\nfrom mcp import ClientSession\nfrom mcp.types import PaginatedRequestParams\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(cursor=c)\n    await s.list_resource_templates(cursor=c)\n';
	const out = fixAll(text, false).text;
	assert.equal(out.match(/import PaginatedRequestParams/g)?.length, 1);
	const fresh = fixAll('"""Doc."""\n\nfrom mcp import ClientSession\n\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(cursor=c)\n    await s.list_resource_templates(c)\n', false).text;
	assert.equal(fresh, '"""Doc."""\n\nfrom mcp import ClientSession\nfrom mcp.types import PaginatedRequestParams\n\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(params=PaginatedRequestParams(cursor=c))\n    await s.list_resource_templates(params=PaginatedRequestParams(cursor=c))\n');
});

test('CRLF files keep their line breaks', () => {
	const text = 'from mcp import ClientSession\r\n\r\nasync def f(s: ClientSession, c):\r\n    await s.list_resources(cursor=c)\r\n';
	const out = fixAll(text, false).text;
	assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
	assert.ok(out.includes('from mcp.types import PaginatedRequestParams\r\n'));
});

test('merge: overlapping fixes are dropped, identical edits shared, same-point insertions kept in order', () => {
	assert.equal(overlaps({ start: 1, end: 3 }, { start: 3, end: 5 }), false);
	assert.equal(overlaps({ start: 1, end: 4 }, { start: 3, end: 5 }), true);
	assert.equal(overlaps({ start: 2, end: 2 }, { start: 2, end: 2 }), false);
	assert.equal(overlaps({ start: 2, end: 2 }, { start: 1, end: 3 }), true);
	const e = (start: number, end: number, newText: string) => ({ span: { start, end }, newText });
	const picked = selectFixes([
		{ safety: 'safe', edits: [e(0, 1, 'A'), e(9, 9, '+imp')] },
		{ safety: 'safe', edits: [e(0, 2, 'B')] },
		{ safety: 'safe', edits: [e(5, 5, 'x'), e(9, 9, '+imp')] },
		{ safety: 'safe', edits: [e(5, 5, 'y')] },
		{ safety: 'review', edits: [e(7, 8, 'R')] },
	], (x) => x.span, { includeReview: false });
	assert.deepEqual(picked.map((p) => p.newText), ['A', '+imp', 'x', 'y']);
	assert.equal(applyEdits('0123456789', picked), 'A1234xy5678+imp9');
});

test('unified diff', () => {
	const d = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'a/x.py', 'b/x.py');
	assert.equal(d, '--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
	assert.equal(unifiedDiff('same\n', 'same\n', 'a', 'b'), '');
});

test('fix-all over every fixture and example compiles under python3 and is idempotent', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-fixall-'));
	try {
		const sources = [
			...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, 'examples', f)),
			...fs.readdirSync(path.join(ROOT, 'test', 'fixtures')).filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, 'test', 'fixtures', f)),
			...cases.map((f) => path.join(FIXES, f)),
		];
		const written: string[] = [];
		sources.forEach((src, i) => {
			const text = fs.readFileSync(src, 'utf8');
			const once = fixAll(text, true);
			assert.equal(fixAll(once.text, true).text, once.text, `${src}: second fix-all changes nothing`);
			if (!engine.hasSyntaxErrors(text)) {
				assert.equal(engine.hasSyntaxErrors(once.text), false, `${src}: still parses`);
				const out = path.join(dir, `f${i}_${path.basename(src)}`);
				fs.writeFileSync(out, once.text);
				written.push(out);
			}
		});
		const run = spawnSync('python3', ['-m', 'py_compile', ...written], { encoding: 'utf8' });
		if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
			return;
		}
		assert.equal(run.status, 0, run.stderr);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
