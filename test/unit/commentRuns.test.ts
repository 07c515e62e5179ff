import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Engine, parseSource } from '../../server/src/engine';
import { key } from '../fuzz/harness';

// The engine merges long runs of comment lines before parsing (engine.ts parseSource: the grammar's
// scanner is quadratic on them). Merging must not change a single finding: the reference is the
// same text with those comment lines blanked to spaces (same offsets, nothing to merge).

const run = (n: number, indent: string) => Array.from({ length: n }, (_, i) => `${indent}# note ${i}: résumé ${'x'.repeat(i % 9)}`);

function build(blank: boolean, eol: string): string {
	const comments = (lines: string[]) => lines.map((l) => (blank ? ' '.repeat(l.length) : l));
	return [
		...comments(run(40, '')),
		'from mcp.server.fastmcp import Context, FastMCP',
		'from mcp.server.auth.provider import TokenVerifier',
		'mcp = FastMCP("x", port=8000)',
		'',
		'@mcp.tool()',
		'def tool(ctx: Context):',
		...comments(run(60, '    ')),
		'    # mcp-auth-hints: disable=MCP100',
		...comments(run(60, '    ')),
		'    return ctx.client_id',
		'',
		'DOC = """',
		...run(40, ''), // inside a string: never merged, never blanked
		'TokenVerifier',
		'"""',
		'verifier: "TokenVerifier" = None',
		'mcp.run(transport="sse")',
		'',
	].join(eol);
}

describe('long comment runs', () => {
	let engine: Engine;
	before(async () => {
		engine = await Engine.create();
	});

	for (const [label, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
		it(`are merged for the parser without changing any finding (${label})`, () => {
			const text = build(false, eol);
			assert.notEqual(parseSource(text), text.replace(/\r(?!\n)/g, '\n'), 'the runs were not merged: this test checks nothing');
			const merged = engine.analyzeText(text);
			const reference = engine.analyzeText(build(true, eol));
			assert.deepEqual(merged.findings.map(key), reference.findings.map(key));
			assert.deepEqual(merged.ruleErrors, []);
			const codes = new Set(merged.findings.map((f) => f.code));
			assert.ok(codes.has('MCP103') && codes.has('MCP105'), [...codes].join(' '));
			assert.ok(!codes.has('MCP100'), 'the directive inside the run was lost');
		});
	}

	it('are re-merged after edits that cross the threshold (incremental equals fresh)', () => {
		let text = build(false, '\n');
		const doc = engine.openDocument(text);
		try {
			doc.analyze();
			// Delete comment lines one at a time from the first run until it is short, then put them back.
			for (let i = 0; i < 12; i++) {
				const end = text.indexOf('\n') + 1;
				doc.applySpanEdit({ start: 0, end }, '');
				text = text.slice(end);
				assert.deepEqual(doc.analyze().findings.map(key), engine.analyzeText(text).findings.map(key), `after deleting line ${i}`);
			}
			for (let i = 0; i < 12; i++) {
				doc.applySpanEdit({ start: 0, end: 0 }, `# back ${i}\n`);
				text = `# back ${i}\n${text}`;
				assert.deepEqual(doc.analyze().findings.map(key), engine.analyzeText(text).findings.map(key), `after re-adding line ${i}`);
			}
		} finally {
			doc.dispose();
		}
	});
});
