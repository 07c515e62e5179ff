import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lines, projectTrees, runCli } from '../helpers/cli';

// Issue 18, "V2 names with V1 shapes are breaks", through the built CLI as a process: renaming
// FastMCP to MCPServer (the safe fix, alone or with --unsafe-fixes) must never hide the transport
// keywords that still break on MCPServer(...). Not for the fix's exact text (the golden
// test/fixtures/fixes/rename_keeps_breaks.*.py) nor for every keyword (test/fixtures/v2_names_v1_shapes.py).

const GOLDEN = path.join(__dirname, '..', 'fixtures', 'fixes', 'rename_keeps_breaks.before.py');
const trees = projectTrees('mcp-v2-shapes-');
after(() => trees.cleanup());

/** `line:col code` of each text finding of these codes. */
function found(stdout: string, codes: readonly string[]): string[] {
	return lines(stdout).flatMap((l) => {
		const m = /^[^:]+:(\d+):(\d+): \w+ (MCP\d{3}) /.exec(l);
		return m && codes.includes(m[3]) ? [`${m[1]}:${m[2]} ${m[3]}`] : [];
	});
}

describe('renaming FastMCP to MCPServer keeps the keyword breaks', () => {
	for (const mode of ['--fix', '--unsafe-fixes']) {
		it(`scan ${mode}: the renamed MCPServer("x", host=h, port=p) still fails the scan on host= and port=`, () => {
			// A project on mcp 2: the rename is a safe rewrite there, so --fix applies it too.
			const dir = trees.make({ 'server.py': fs.readFileSync(GOLDEN, 'utf8'), 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["mcp>=2"]\n' });
			const before = runCli(['scan', '.'], dir);
			const keywordBreaks = (out: string) => found(out, ['MCP104']).filter((f) => f.startsWith('7:') && f !== '7:7 MCP104');
			assert.deepEqual(keywordBreaks(before.stdout), ['7:20 MCP104', '7:28 MCP104'], before.stdout);

			const fixed = runCli(['scan', '.', mode], dir);
			const text = fs.readFileSync(path.join(dir, 'server.py'), 'utf8');
			assert.match(text, /^mcp = MCPServer\("x", host=h, port=p\)$/m, 'the rename was applied');
			assert.deepEqual(keywordBreaks(fixed.stdout), ['7:22 MCP104', '7:30 MCP104'], fixed.stdout);
			assert.match(fixed.stdout, /7:22: error MCP104 `host=` moved to run\(\)/);
			assert.equal(fixed.code, 1, 'the breaks that remain still fail the default --fail-on warning');
			assert.deepEqual(found(fixed.stdout, ['MCP103']), [], 'the import itself is fixed');
		});
	}

	it('a correct V2 file reports only Hints and Information', () => {
		const dir = trees.make({
			'server.py': [
				'from mcp.server.mcpserver import Context, MCPServer',
				'',
				'mcp = MCPServer("x", instructions="hi")',
				'',
				'',
				'@mcp.tool()',
				'async def who(ctx: Context) -> str:',
				'    return ctx.mcp_server.name',
				'',
				'',
				'mcp.run()',
				'',
			].join('\n'),
		});
		const run = runCli(['scan', '.', '--format', 'json'], dir);
		assert.equal(run.code, 0, run.stdout);
		const severities = new Set((JSON.parse(run.stdout) as { diagnostics: { severity: string }[] }).diagnostics.map((d) => d.severity));
		assert.ok(severities.size > 0, 'the V2 names are still inventoried');
		assert.deepEqual([...severities].filter((s) => s !== 'hint' && s !== 'information'), []);
	});
});
