import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

// `scan --fix` / `--unsafe-fixes` / `--diff` on real files, through the built CLI.

const SERVER = `from mcp.server.fastmcp import Context, FastMCP

mcp = FastMCP("demo", port=8000)


@mcp.tool()
async def who(ctx: Context) -> str:
    return ctx.client_id


mcp.run(transport="streamable-http")
`;

const V2_PROJECT = '[project]\nname = "demo"\ndependencies = ["mcp>=2"]\n';

describe('scan --fix', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-fix-'));
		fs.writeFileSync(path.join(dir, 'server.py'), SERVER);
		fs.writeFileSync(path.join(dir, 'clean.py'), 'import os\n');
		// The project runs mcp 2, so the rewrites that write V2 names are safe here.
		fs.writeFileSync(path.join(dir, 'pyproject.toml'), V2_PROJECT);
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('applies safe fixes only, then reports what is left; a second run changes nothing', () => {
		const cleanStat = fs.statSync(path.join(dir, 'clean.py'));
		const run = runCli(['scan', '.', '--fix', '--fail-on', 'never'], dir);
		assert.equal(run.code, 0, run.stderr);
		const after = fs.readFileSync(path.join(dir, 'server.py'), 'utf8');
		assert.match(after, /^from mcp\.server\.mcpserver import Context, MCPServer$/m);
		assert.match(after, /mcp = MCPServer\("demo", port=8000\)/, 'review fixes are not applied by --fix');
		assert.match(after, /ctx\.client_id/);
		assert.match(run.stderr, /fixed \d+ finding\(s\) in 1 file\(s\)/);
		assert.equal(fs.statSync(path.join(dir, 'clean.py')).mtimeMs, cleanStat.mtimeMs, 'unchanged files are not written');
		assert.deepEqual(fs.readdirSync(dir).sort(), ['clean.py', 'pyproject.toml', 'server.py'], 'no temp files left');
		const second = runCli(['scan', '.', '--fix', '--fail-on', 'never'], dir);
		assert.equal(fs.readFileSync(path.join(dir, 'server.py'), 'utf8'), after);
		assert.match(second.stderr, /in 0 file\(s\)/);
	});

	it('--unsafe-fixes adds the review fixes', () => {
		runCli(['scan', '.', '--unsafe-fixes', '--fail-on', 'never'], dir);
		const after = fs.readFileSync(path.join(dir, 'server.py'), 'utf8');
		assert.match(after, /mcp = MCPServer\("demo"\)/);
		assert.match(after, /mcp\.run\(transport="streamable-http", port=8000\)/);
		assert.match(after, /return get_access_token\(\)\.client_id/);
		const again = runCli(['scan', '.', '--unsafe-fixes', '--diff'], dir);
		assert.equal(again.stdout, '');
		assert.equal(again.code, 0);
	});

	it('in a project on mcp 1, --fix writes no V2-only name; --unsafe-fixes does', () => {
		fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "demo"\ndependencies = ["mcp>=1.20,<2"]\n');
		const safe = runCli(['scan', '.', '--fix', '--fail-on', 'never'], dir);
		assert.equal(safe.code, 0, safe.stderr);
		const afterSafe = fs.readFileSync(path.join(dir, 'server.py'), 'utf8');
		assert.doesNotMatch(afterSafe, /mcpserver|MCPServer|mcp_server/, 'no V2-only name written by --fix');
		const unsafe = runCli(['scan', '.', '--unsafe-fixes', '--fail-on', 'never'], dir);
		assert.equal(unsafe.code, 0, unsafe.stderr);
		assert.match(fs.readFileSync(path.join(dir, 'server.py'), 'utf8'), /^from mcp\.server\.mcpserver import Context, MCPServer$/m);
	});

	it('target = 1 in [tool.mcp-auth-hints] wins over a requirement that admits only 2.x', () => {
		fs.writeFileSync(path.join(dir, 'pyproject.toml'), `${V2_PROJECT}\n[tool.mcp-auth-hints]\ntarget = 1\n`);
		const run = runCli(['scan', '.', '--fix', '--fail-on', 'never'], dir);
		assert.equal(run.code, 0, run.stderr);
		assert.doesNotMatch(fs.readFileSync(path.join(dir, 'server.py'), 'utf8'), /mcpserver|MCPServer|mcp_server/);
		fs.writeFileSync(path.join(dir, 'pyproject.toml'), `${V2_PROJECT}\n[tool.mcp-auth-hints]\ntarget = "three"\n`);
		const bad = runCli(['scan', '.', '--fail-on', 'never'], dir);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /pyproject\.toml:\d+: tool\.mcp-auth-hints\.target: expected "auto", 1 or 2/);
	});

	it('--diff prints a unified diff and writes nothing', () => {
		// The folder, not the file: the project's target comes from the folder's manifests.
		const run = runCli(['scan', '.', '--diff'], dir);
		assert.equal(run.code, 1);
		assert.match(run.stdout, /^--- a\/server\.py\n\+\+\+ b\/server\.py\n@@ -1,/);
		assert.match(run.stdout, /^-from mcp\.server\.fastmcp import Context, FastMCP$/m);
		assert.match(run.stdout, /^\+from mcp\.server\.mcpserver import Context, MCPServer$/m);
		assert.equal(fs.readFileSync(path.join(dir, 'server.py'), 'utf8'), SERVER);
	});

	it('leaves a file whose fixed text would not parse untouched and says so', () => {
		// A clean file whose last import line ends with a backslash continuation: the added import
		// would join that line, so the result has a syntax error and the file must be left alone.
		const tricky = 'from mcp import ClientSession\\\n\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(cursor=c)\n';
		fs.writeFileSync(path.join(dir, 'tricky.py'), tricky);
		const run = runCli(['scan', 'tricky.py', '--fix', '--fail-on', 'never'], dir);
		assert.equal(fs.readFileSync(path.join(dir, 'tricky.py'), 'utf8'), tricky);
		assert.match(run.stderr, /tricky\.py: the fixed text does not parse cleanly, left unchanged/);
	});

	it('rejects the fix flags on report', () => {
		const run = runCli(['report', '.', '--fix'], dir);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /--fix applies to scan only/);
	});
});
