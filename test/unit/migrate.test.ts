import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { applyEdits } from '../../server/src/fixes/apply';
import { migrateToV2, singleEdit } from '../../server/src/fixes/migrate';
import { Engine } from '../../server/src/engine';

// "Migrate this file to V2" (fixes/migrate.ts, issue 18 item 3): in a project on mcp 1 every V2
// rewrite of the file lands together, as one edit, so the file never mixes V1 imports with V2-only
// names. The editor action is tested in test/lsp/migrate.test.ts.

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

const V1 = [
	'from mcp.server.fastmcp import Context, FastMCP',
	'from mcp.server.fastmcp.exceptions import ToolError',
	'',
	'mcp = FastMCP("demo")',
	'',
	'',
	'@mcp.tool()',
	'async def name(ctx: Context) -> str:',
	'    if not ctx.fastmcp:',
	'        raise ToolError("no server")',
	'    return ctx.fastmcp.name',
	'',
].join('\n');

const migrate = (text: string) => migrateToV2(text, (t) => engine.analyzeText(t, { mcpResolvesV2: true }).findings, (t) => engine.checkSource(t));

test('a target-1 file gets every V2 rewrite at once, as one edit that compiles', () => {
	// What a bare fix-all may do in a target-1 project: nothing that writes a V2-only name.
	const target1 = engine.analyzeText(V1).findings.flatMap((f) => f.fixes).filter((f) => f.safety === 'safe');
	assert.deepEqual(target1.filter((f) => f.v2Only), [], 'no safe V2-only rewrite on target 1');

	const m = migrate(V1);
	assert.ok(m, 'something to migrate');
	assert.equal(applyEdits(V1, [m.edit]), m.text, 'the one edit is the whole migration');
	assert.doesNotMatch(m.text, /mcp\.server\.fastmcp|FastMCP|ctx\.fastmcp/);
	assert.match(m.text, /^from mcp\.server\.mcpserver import Context, MCPServer$/m);
	assert.match(m.text, /^from mcp\.server\.mcpserver\.exceptions import ToolError$/m);
	assert.match(m.text, /return ctx\.mcp_server\.name/);
	assert.deepEqual(engine.checkSource(m.text), engine.checkSource(V1), 'no new syntax or compile problem');
	const left = engine.analyzeText(m.text, { mcpResolvesV2: true }).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
	assert.deepEqual(left.map((f) => f.message), [], 'nothing V1 left that a rewrite could fix');
});

test('an already migrated file has nothing to migrate', () => {
	assert.equal(migrate('from mcp.server.mcpserver import MCPServer\n\nmcp = MCPServer("x")\n'), undefined);
});

test('singleEdit keeps the common prefix and suffix, and never splits a surrogate pair', () => {
	assert.deepEqual(singleEdit('abcXYdef', 'abcZdef'), { span: { start: 3, end: 5 }, newText: 'Z' });
	const e = singleEdit('a\u{1F600}b', 'a\u{1F601}b');
	assert.deepEqual(applyEdits('a\u{1F600}b', [e]), 'a\u{1F601}b');
	assert.equal(e.span.start, 1);
});
