import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultCacheDir } from '../../server/src/project/cache';
import { CLI_JS, projectTrees } from '../helpers/cli';

// The per-file result cache of the real CLI (server/src/project/cache.ts): a second scan answers
// from it with the same report, an edited file, another setting or another mcp target is never
// answered from a stale entry, --no-cache and MCP_AUTH_HINTS_NO_CACHE write nothing, and nothing
// is ever written into the scanned project.

const AUTH = 'from mcp.server.auth.provider import TokenVerifier\n';
const trees = projectTrees('mcp-auth-hints-cache-');
const caches: string[] = [];
after(() => {
	trees.cleanup();
	for (const dir of caches) {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

function freshCache(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-hints-cache-dir-'));
	caches.push(dir);
	return dir;
}

function scan(root: string, cacheDir: string, args: string[] = [], env: Record<string, string> = {}) {
	const run = spawnSync(process.execPath, [CLI_JS, 'scan', '.', '--format', 'json', '--fail-on', 'never', ...args], {
		cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MCP_AUTH_HINTS_CACHE_DIR: cacheDir, ...env },
	});
	assert.equal(run.status, 0, run.stderr);
	return JSON.parse(run.stdout) as { files: number; diagnostics: { file: string; code: string; severity: string }[] };
}

function entries(dir: string): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
			const abs = path.join(d, ent.name);
			if (ent.isDirectory()) {
				walk(abs);
			} else {
				out.push(abs);
			}
		}
	};
	if (fs.existsSync(dir)) {
		walk(dir);
	}
	return out;
}

describe('the CLI result cache', () => {
	it('a second scan answers from the cache with the same report and writes nothing into the project', () => {
		const root = trees.make({ 'a.py': AUTH, 'b.py': `${AUTH}x = TokenVerifier\n`, 'c.py': 'import os\n', 'pkg/d.py': AUTH });
		const before = entries(root).sort();
		const cache = freshCache();
		const first = scan(root, cache);
		const stored = entries(cache);
		// a, b and d are analysed and stored; c imports nothing tracked and never reaches the analysis.
		assert.equal(stored.length, 3, stored.join('\n'));
		const mtimes = stored.map((f) => fs.statSync(f).mtimeMs);
		const second = scan(root, cache);
		assert.deepEqual(second, first);
		assert.deepEqual(entries(cache).map((f) => fs.statSync(f).mtimeMs), mtimes, 'the second scan rewrote entries: it did not hit');
		assert.deepEqual(entries(root).sort(), before);
	});

	it('an edited file, another setting or another mcp target is analysed again', () => {
		const root = trees.make({ 'a.py': AUTH });
		const cache = freshCache();
		assert.equal(scan(root, cache).diagnostics.length, 1);
		fs.writeFileSync(path.join(root, 'a.py'), `${AUTH}from mcp.server.auth.settings import AuthSettings\n`);
		assert.equal(scan(root, cache).diagnostics.length, 2, 'an edited file was answered from the cache');
		assert.equal(scan(root, cache, ['--ignore', 'MCP101']).diagnostics.length, 0, 'another rule selection was answered from the cache');
		// MCP103 is an error when the project resolves mcp 2 (project facts are part of the key).
		fs.writeFileSync(path.join(root, 'b.py'), 'from mcp.server.fastmcp import FastMCP\n');
		const severities = () => scan(root, cache).diagnostics.filter((d) => d.file === 'b.py').map((d) => `${d.code} ${d.severity}`);
		assert.deepEqual(severities(), ['MCP103 warning', 'MCP101 hint']);
		fs.writeFileSync(path.join(root, 'requirements.txt'), 'mcp>=2.0\n');
		assert.deepEqual(severities(), ['MCP103 error', 'MCP101 hint'], 'the project target changed but the cache answered');
	});

	it('an edit of another module the file depends on is never answered from the old entry', () => {
		// worker.py never changes; whether self.session is a ClientSession comes from base.py, whose
		// class reaches the SDK in both versions (through `other`), so the file is analysed each time.
		const base = (type: string) => `from mcp.client.session import ClientSession\n\nclass Base:\n    other: ClientSession\n    session: ${type}\n`;
		const worker = 'from pydantic import AnyUrl\nfrom pkg.base import Base\n\nclass Worker(Base):\n    async def run(self):\n        await self.session.read_resource(AnyUrl("file:///a"))\n';
		const root = trees.make({ 'pkg/__init__.py': '', 'pkg/base.py': base('object'), 'pkg/worker.py': worker });
		const cacheDir = freshCache();
		const codesIn = (report: ReturnType<typeof scan>) => report.diagnostics.filter((d) => d.file.endsWith('worker.py')).map((d) => d.code);
		assert.deepEqual(codesIn(scan(root, cacheDir)), []);
		fs.writeFileSync(path.join(root, 'pkg', 'base.py'), base('ClientSession'));
		assert.ok(codesIn(scan(root, cacheDir)).includes('MCP202'));
		fs.writeFileSync(path.join(root, 'pkg', 'base.py'), base('object'));
		assert.deepEqual(codesIn(scan(root, cacheDir)), []);
	});

	it('--no-cache and MCP_AUTH_HINTS_NO_CACHE=1 neither read nor write it', () => {
		const root = trees.make({ 'a.py': AUTH });
		const cache = freshCache();
		scan(root, cache, ['--no-cache']);
		scan(root, cache, [], { MCP_AUTH_HINTS_NO_CACHE: '1' });
		assert.deepEqual(entries(cache), []);
	});
});

describe('where the cache lives', () => {
	it('the platform cache folder, or MCP_AUTH_HINTS_CACHE_DIR', () => {
		assert.equal(defaultCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'mcp-auth-hints'));
		assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), path.join('/xdg', 'mcp-auth-hints'));
		assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), path.join('/home/u', '.cache', 'mcp-auth-hints'));
		assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'mcp-auth-hints'));
		assert.equal(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), path.join('C:\\Users\\u\\AppData\\Local', 'mcp-auth-hints', 'Cache'));
		assert.equal(defaultCacheDir({ MCP_AUTH_HINTS_CACHE_DIR: '/tmp/x' }, 'linux', '/home/u'), path.resolve('/tmp/x'));
	});
});
