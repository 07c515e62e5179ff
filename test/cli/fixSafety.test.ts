import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { writeFileSafely } from '../../server/src/workspace/safeWrite';

// `scan --fix` on the file system, through the built CLI: a rewrite changes a file's bytes and
// nothing else about it (symlinks, mode, owner, hard links), leaves read-only files and files
// outside the scanned paths alone, and never writes code that would not compile.

const SERVER = `from mcp.server.fastmcp import Context, FastMCP

mcp = FastMCP("demo")


@mcp.tool()
async def who(ctx: Context) -> str:
    return "x"
`;
const FIXED = /^from mcp\.server\.mcpserver import Context, MCPServer$/m;

describe('scan --fix keeps files what they were', () => {
	let base: string;
	let dir: string;
	let outside: string;
	beforeEach(() => {
		base = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-fix-safety-'));
		dir = path.join(base, 'project');
		outside = path.join(base, 'elsewhere');
		fs.mkdirSync(dir);
		fs.mkdirSync(outside);
		// The project runs mcp 2, so the rewrites that write V2 names are safe (applied by --fix).
		fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "demo"\ndependencies = ["mcp>=2"]\n');
	});
	afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

	const fix = (...args: string[]) => runCli(['scan', ...args, '--fail-on', 'never'], dir);

	it('writes through a symlink whose target is inside the scanned folder and keeps the link', () => {
		fs.mkdirSync(path.join(dir, 'pkg'));
		fs.writeFileSync(path.join(dir, 'pkg', 'target.py'), SERVER);
		fs.symlinkSync(path.join('pkg', 'target.py'), path.join(dir, 'link.py'));
		const run = fix('.', '--fix');
		assert.equal(run.code, 0, run.stderr);
		assert.ok(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink(), 'the link is still a link');
		assert.equal(fs.readlinkSync(path.join(dir, 'link.py')), path.join('pkg', 'target.py'));
		assert.match(fs.readFileSync(path.join(dir, 'pkg', 'target.py'), 'utf8'), FIXED);
		assert.match(run.stderr, /in 1 file\(s\)/, 'the target is fixed once, not once per name');
	});

	it('skips a symlink to a file outside the scanned paths, with a message', () => {
		fs.writeFileSync(path.join(outside, 'other.py'), SERVER);
		fs.symlinkSync(path.join(outside, 'other.py'), path.join(dir, 'link.py'));
		const run = fix('.', '--fix');
		assert.ok(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink());
		assert.equal(fs.readFileSync(path.join(outside, 'other.py'), 'utf8'), SERVER);
		assert.match(run.stderr, /warning: link\.py: is a symlink .*outside the scanned paths, left unchanged/);
		assert.match(run.stderr, /in 0 file\(s\)/);
	});

	it('leaves a file reached through a symlinked folder outside the scanned paths unchanged', () => {
		fs.writeFileSync(path.join(outside, 'other.py'), SERVER);
		fs.symlinkSync(outside, path.join(dir, 'sub'));
		fix('.', '--unsafe-fixes');
		assert.equal(fs.readFileSync(path.join(outside, 'other.py'), 'utf8'), SERVER);
	});

	it('keeps the permission bits', () => {
		const file = path.join(dir, 'server.py');
		fs.writeFileSync(file, SERVER);
		fs.chmodSync(file, 0o775);
		fix('.', '--fix');
		assert.match(fs.readFileSync(file, 'utf8'), FIXED);
		assert.equal((fs.statSync(file).mode & 0o7777).toString(8), '775');
	});

	it('keeps hard links: same inode, both names see the fix', () => {
		const a = path.join(dir, 'a.py');
		const b = path.join(dir, 'b.py');
		fs.writeFileSync(a, SERVER);
		fs.linkSync(a, b);
		const ino = fs.statSync(a).ino;
		fix('.', '--fix');
		assert.equal(fs.statSync(a).ino, ino);
		assert.equal(fs.statSync(b).ino, ino);
		assert.equal(fs.statSync(a).nlink, 2);
		assert.match(fs.readFileSync(b, 'utf8'), FIXED);
	});

	it('skips a read-only file unless --fix-read-only, which keeps it read-only', () => {
		const file = path.join(dir, 'server.py');
		fs.writeFileSync(file, SERVER);
		fs.chmodSync(file, 0o444);
		const skipped = fix('.', '--fix');
		assert.equal(fs.readFileSync(file, 'utf8'), SERVER);
		assert.match(skipped.stderr, /warning: server\.py: read-only \(its owner has no write permission\), left unchanged; --fix-read-only writes it anyway/);
		const forced = fix('.', '--fix', '--fix-read-only');
		assert.equal(forced.code, 0, forced.stderr);
		assert.match(fs.readFileSync(file, 'utf8'), FIXED);
		assert.equal((fs.statSync(file).mode & 0o7777).toString(8), '444');
	});

	it('--fix-read-only without --fix is a usage error', () => {
		const run = runCli(['scan', '.', '--fix-read-only'], dir);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /--fix-read-only needs --fix or --unsafe-fixes/);
	});

	it('keeps the owner and group of a file owned by another user', { skip: process.getuid?.() !== 0 ? 'needs root to chown' : false }, () => {
		const file = path.join(dir, 'server.py');
		fs.writeFileSync(file, SERVER);
		fs.chownSync(file, 1234, 1234);
		fix('.', '--fix');
		assert.match(fs.readFileSync(file, 'utf8'), FIXED);
		const stat = fs.statSync(file);
		assert.deepEqual([stat.uid, stat.gid], [1234, 1234]);
	});

	it('leaves no temp file behind', () => {
		fs.writeFileSync(path.join(dir, 'server.py'), SERVER);
		fix('.', '--unsafe-fixes');
		assert.deepEqual(fs.readdirSync(dir).sort(), ['pyproject.toml', 'server.py']);
	});

	it('--unsafe-fixes never writes a repeated keyword when two constructors reach one run() call', () => {
		const file = path.join(dir, 'server.py');
		fs.writeFileSync(file, [
			'import os',
			'',
			'from mcp.server.fastmcp import FastMCP',
			'',
			'if os.environ.get("ENV") == "dev":',
			'    mcp = FastMCP("dev", port=8001)',
			'else:',
			'    mcp = FastMCP("prod", port=8000)',
			'',
			'mcp.run(transport="sse")',
			'',
		].join('\n'));
		const run = fix('.', '--unsafe-fixes');
		const after = fs.readFileSync(file, 'utf8');
		assert.match(after, /^from mcp\.server\.mcpserver import MCPServer$/m, 'the other rewrites are kept');
		assert.doesNotMatch(after, /port=\d+, port=/, 'no repeated keyword');
		// The move is refused at its source (two constructors reach the call), so the compile guard
		// (unit-tested in compileCheck.test.ts with a rewrite built to fail) has nothing to leave out.
		assert.match(after, /^mcp\.run\(transport="sse"\)$/m, 'neither port moves onto the shared run()');
		assert.doesNotMatch(run.stderr, /would not compile/);
	});
});

describe('writeFileSafely refuses a file that changed since it was read', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-safe-write-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	// A single name takes the rename path, a hard-linked one the in-place path: both re-check.
	for (const linked of [false, true]) {
		it(linked ? 'in place (hard-linked file)' : 'by rename', () => {
			const file = path.join(dir, 'a.py');
			fs.writeFileSync(file, 'old = 1\n');
			if (linked) {
				fs.linkSync(file, path.join(dir, 'b.py'));
			}
			const original = fs.readFileSync(file);
			const stat = fs.statSync(file);
			fs.writeFileSync(file, 'someone else = 2\n');
			assert.equal(writeFileSafely(file, stat, original, Buffer.from('new = 1\n')), 'changed on disk while fixing');
			assert.equal(fs.readFileSync(file, 'utf8'), 'someone else = 2\n');
			assert.deepEqual(fs.readdirSync(dir).sort(), linked ? ['a.py', 'b.py'] : ['a.py'], 'no temp file left');
			const fresh = fs.statSync(file);
			assert.equal(writeFileSafely(file, fresh, fs.readFileSync(file), Buffer.from('new = 1\n')), true);
			assert.equal(fs.readFileSync(file, 'utf8'), 'new = 1\n');
			assert.equal(fs.statSync(file).ino === stat.ino, linked, linked ? 'same inode' : 'replaced by rename');
		});
	}
});
