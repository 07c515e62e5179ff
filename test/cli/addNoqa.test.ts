import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { projectTrees, runCli } from '../helpers/cli';

// `scan --add-noqa` through the built CLI (issue 18, item 6): a red legacy scan turns green, the
// file still compiles, a second run adds nothing, an existing noqa keeps its codes, and a break
// written afterwards turns the scan red again. Not for the suppression syntax itself
// (test/unit/suppressions*.test.ts) nor for the write guards shared with --fix (test/cli/fix*.test.ts).

const trees = projectTrees('mcp-add-noqa-');
after(() => trees.cleanup());

const LEGACY = [
	'from mcp.server.fastmcp import Context, FastMCP',
	'',
	'mcp = FastMCP("legacy", host="0.0.0.0", port=8000)  # noqa: E501',
	'',
	'',
	'@mcp.tool()',
	'async def who(ctx: Context) -> str:',
	'    return ctx.client_id or ctx.fastmcp.name',
	'',
].join('\n');

describe('scan --add-noqa', () => {
	it('turns a red legacy scan green, idempotently, and a new break turns it red again', () => {
		const dir = trees.make({ 'server.py': LEGACY });
		const file = path.join(dir, 'server.py');
		assert.equal(runCli(['scan', '.'], dir).code, 1, 'the legacy project starts red');

		const added = runCli(['scan', '.', '--add-noqa'], dir);
		assert.equal(added.code, 0, added.stdout + added.stderr);
		const text = fs.readFileSync(file, 'utf8');
		assert.match(text, /^from mcp\.server\.fastmcp import Context, FastMCP {2}# noqa: MCP103$/m);
		assert.match(text, /^mcp = FastMCP\("legacy", host="0\.0\.0\.0", port=8000\) {2}# noqa: E501, MCP104$/m, 'merged into the existing noqa, one code once');
		assert.match(text, /^ {4}return ctx\.client_id or ctx\.fastmcp\.name {2}# noqa: MCP105$/m);
		execFileSync('python3', ['-m', 'py_compile', file]);
		assert.equal(runCli(['scan', '.'], dir).code, 0, 'green after --add-noqa');

		runCli(['scan', '.', '--add-noqa'], dir);
		assert.equal(fs.readFileSync(file, 'utf8'), text, 'a second run adds nothing');

		fs.appendFileSync(file, '\n\nlate = FastMCP("late", port=9000)\n');
		const red = runCli(['scan', '.'], dir);
		assert.equal(red.code, 1, 'a new break fails again');
		assert.match(red.stdout, /:11:\d+: warning MCP104 `port=` moved/);
	});

	it('leaves findings below --fail-on alone', () => {
		const dir = trees.make({ 'server.py': LEGACY });
		runCli(['scan', '.', '--add-noqa', '--fail-on', 'error'], dir);
		assert.equal(fs.readFileSync(path.join(dir, 'server.py'), 'utf8'), LEGACY);
	});

	it('is not combined with --fix', () => {
		const run = runCli(['scan', '.', '--add-noqa', '--fix'], trees.make({ 'server.py': LEGACY }));
		assert.equal(run.code, 2);
	});
});
