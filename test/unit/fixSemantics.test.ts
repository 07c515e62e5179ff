import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { fixUntilStable } from '../../server/src/fixes/apply';

// Fix semantics through the real engine and fix-all: a rewrite must not produce a duplicate
// keyword, read a different variable than before, break a `try/except ImportError` fallback,
// collide with an existing binding, import a name twice, or leave an import unused. Text-level
// syntax checks cannot see most of these (a duplicate keyword parses), so each test states the
// exact output, and every output is also compiled by Python when python3 is available.
// Not for: golden rewrites of whole fixtures (test/unit/fixes.test.ts).

let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

const compiled: { name: string; text: string }[] = [];

function fixAll(text: string, unsafe = true, v2 = false): string {
	const out = fixUntilStable(text, (t) => engine.analyzeText(t, { mcpResolvesV2: v2 }).findings, { includeReview: unsafe }).text;
	assert.equal(engine.hasSyntaxErrors(out), false, `parses:\n${out}`);
	compiled.push({ name: `c${compiled.length}.py`, text: out });
	return out;
}

function fixesAt(text: string, code: string, needle: string) {
	const at = text.indexOf(needle);
	assert.ok(at >= 0, needle);
	const f = engine.analyzeText(text).findings.find((x) => x.code === code && x.span.start <= at && at < x.span.end);
	assert.ok(f, `${code} at ${needle}`);
	return f.fixes;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

// 1. Duplicate keywords at the destination.

test('moved keyword: two constructors reaching one run() are not moved (no duplicate port=)', () => {
	const text = [
		'import os',
		'from mcp.server.fastmcp import FastMCP',
		'',
		'if os.environ.get("DEV"):',
		'    mcp = FastMCP("dev", port=8001)',
		'else:',
		'    mcp = FastMCP("prod", port=8000)',
		'',
		'if __name__ == "__main__":',
		'    mcp.run(transport="sse")',
		'',
	].join('\n');
	assert.deepEqual(fixesAt(text, 'MCP104', 'port=8001'), []);
	assert.deepEqual(fixesAt(text, 'MCP104', 'port=8000'), []);
	const out = fixAll(text);
	assert.match(out, /MCPServer\("dev", port=8001\)/);
	assert.match(out, /MCPServer\("prod", port=8000\)/);
	assert.match(out, /mcp\.run\(transport="sse"\)\n/);
});

test('moved keyword: a destination that already passes the keyword (or **kwargs) gets nothing moved', () => {
	const text = 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("a", port=8001, host="0.0.0.0")\nmcp.run(transport="sse", port=9000)\n';
	assert.deepEqual(fixesAt(text, 'MCP104', 'port=8001'), []);
	const out = fixAll(text);
	assert.equal(out.match(/\bport=/g)?.length, 2, out);
	assert.match(out, /MCPServer\("a", port=8001\)/, 'port stays where it was');
	assert.match(out, /mcp\.run\(transport="sse", port=9000, host="0\.0\.0\.0"\)/, 'host still moves');
	const splat = 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("a", port=8001)\nmcp.run(transport="sse", **opts)\n';
	assert.deepEqual(fixesAt(splat, 'MCP104', 'port=8001'), []);
});

// 2. The moved value must read the same variable at the destination.

test('moved keyword: a value that reads a shadowed name is not moved into main()', () => {
	const text = [
		'from mcp.server.fastmcp import FastMCP',
		'',
		'port = 8000',
		'mcp = FastMCP("demo", port=port)',
		'',
		'',
		'def main():',
		'    port = 9000',
		'    print(port)',
		'    mcp.run(transport="sse")',
		'',
	].join('\n');
	assert.deepEqual(fixesAt(text, 'MCP104', 'port=port'), []);
	const out = fixAll(text);
	assert.match(out, /MCPServer\("demo", port=port\)/);
	assert.match(out, /mcp\.run\(transport="sse"\)/);
});

test('moved keyword: a value rebound between constructor and run() is not moved; a visible one is', () => {
	const rebound = 'from mcp.server.fastmcp import FastMCP\n\nport = 1\nmcp = FastMCP("a", port=port)\nport = 2\nmcp.run(transport="sse")\n';
	assert.deepEqual(fixesAt(rebound, 'MCP104', 'port=port'), []);
	const visible = 'from mcp.server.fastmcp import FastMCP\n\nPORT = 1\nmcp = FastMCP("a", port=PORT, host=HOST)\n\n\ndef main():\n    mcp.run(transport="sse")\n';
	const out = fixAll(visible);
	assert.match(out, /mcp\.run\(transport="sse", (port=PORT, host=HOST|host=HOST, port=PORT)\)/, 'module global and unbound name are the same at both places');
	const param = 'from mcp.server.fastmcp import FastMCP\n\n\ndef build(port):\n    mcp = FastMCP("a", port=port)\n    mcp.run(transport="sse")\n';
	assert.match(fixAll(param), /mcp\.run\(transport="sse", port=port\)/, 'same scope, same binding: moved');
});

// 3. try/except ImportError fallbacks.

test('import rewrite: a try/except ImportError fallback is left alone', () => {
	const text = 'try:\n    from mcp.server.fastmcp import FastMCP\nexcept ImportError:\n    from fastmcp import FastMCP\n\nmcp = FastMCP("demo")\n';
	assert.equal(fixAll(text), text);
	const mnf = 'try:\n    from mcp.server.fastmcp import FastMCP\nexcept (ModuleNotFoundError, OSError):\n    FastMCP = None\n';
	assert.equal(fixAll(mnf), mnf);
	const reverse = 'try:\n    from mcp.server.mcpserver import MCPServer\nexcept:\n    from mcp.server.fastmcp import FastMCP as MCPServer\nmcp = MCPServer("demo")\n';
	assert.equal(fixAll(reverse), reverse, 'the fallback branch of a bare except is left alone too');
	const other = 'try:\n    from mcp.server.fastmcp import FastMCP\nexcept KeyError:\n    pass\n';
	assert.match(fixAll(other), /from mcp\.server\.mcpserver import MCPServer/, 'a try that cannot catch ImportError is rewritten as before');
});

// 4. Collisions with an existing binding of the new name.

test('import rename: an existing MCPServer import of the same object is reused, not imported twice', () => {
	const text = 'from mcp.server.fastmcp import FastMCP\nfrom mcp.server.mcpserver import MCPServer\n\nmcp = FastMCP("demo")\nother = MCPServer("x")\n';
	const out = fixAll(text);
	assert.equal(out, 'from mcp.server.mcpserver import MCPServer\n\nmcp = MCPServer("demo")\nother = MCPServer("x")\n');
	const split = 'from mcp.server.fastmcp import Context, FastMCP\nfrom mcp.server.mcpserver import MCPServer\n\nmcp = FastMCP("demo")\nother = MCPServer("x")\n';
	assert.equal(fixAll(split), 'from mcp.server.mcpserver import Context\nfrom mcp.server.mcpserver import MCPServer\n\nmcp = MCPServer("demo")\nother = MCPServer("x")\n');
});

test('import rename: a different MCPServer binding refuses the rename', () => {
	const text = 'from mcp.server.fastmcp import FastMCP\nfrom somewhere import MCPServer\n\nmcp = FastMCP("demo")\nother = MCPServer("x")\n';
	assert.deepEqual(fixesAt(text, 'MCP103', 'mcp.server.fastmcp'), []);
	assert.equal(fixAll(text), text);
	const local = 'from mcp.server.fastmcp import FastMCP\n\n\ndef f():\n    MCPServer = 1\n    return MCPServer\n\nmcp = FastMCP("demo")\n';
	assert.equal(fixAll(local), local);
});

// 5. One import, once.

test('added import: two uses on either side of another import add it once', () => {
	const text = [
		'from mcp import ClientSession',
		'',
		'',
		'async def f(s: ClientSession, c):',
		'    return await s.list_resources(cursor=c)',
		'',
		'from mcp.types import Resource',
		'',
		'',
		'async def g(s: ClientSession, c):',
		'    return await s.list_resources(cursor=c)',
		'',
	].join('\n');
	const out = fixAll(text);
	assert.equal(count(out, 'import PaginatedRequestParams'), 1, out);
	assert.equal(count(out, 'params=PaginatedRequestParams(cursor=c)'), 2, out);
});

test('added import: a file that already imports the name (after the use) reuses it', () => {
	const text = 'from mcp import ClientSession\n\n\nasync def f(s: ClientSession, c):\n    return await s.list_resources(cursor=c)\n\n\nfrom mcp.types import PaginatedRequestParams\n';
	const out = fixAll(text, false);
	assert.equal(count(out, 'import PaginatedRequestParams'), 1, out);
	assert.match(out, /list_resources\(params=PaginatedRequestParams\(cursor=c\)\)/);
	const member = 'from mcp.server.fastmcp import Context\n\n\ndef f(ctx: Context):\n    return ctx.client_id\n\n\nfrom mcp import types\n\n\ndef g(ctx: Context):\n    return ctx.client_id\n';
	const fixed = fixAll(member);
	assert.equal(count(fixed, 'import get_access_token'), 1, fixed);
	assert.equal(count(fixed, 'get_access_token().client_id'), 2, fixed);
});

// 6. No import left unused.

test('unwrap AnyUrl: removing the last use removes the import too', () => {
	const only = 'from pydantic import AnyUrl\nfrom mcp import ClientSession\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource(AnyUrl("file:///x"))\n';
	const fixes = fixesAt(only, 'MCP202', 'AnyUrl("file');
	assert.equal(fixes.length, 1);
	assert.equal(fixes[0].safety, 'safe');
	assert.equal(fixAll(only, false), 'from mcp import ClientSession\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource("file:///x")\n');
	const shared = 'from pydantic import AnyUrl, BaseModel\nfrom mcp import ClientSession\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource(AnyUrl("file:///x"))\n';
	assert.match(fixAll(shared, false), /^from pydantic import BaseModel\n/);
	const kept = 'from pydantic import AnyUrl\nfrom mcp import ClientSession\n\nHOME = AnyUrl("https://x")\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource(AnyUrl("file:///x"))\n';
	assert.match(fixAll(kept, false), /^from pydantic import AnyUrl\n/, 'still used elsewhere: kept');
	const exported = 'from pydantic import AnyUrl\nfrom mcp import ClientSession\n__all__ = ["AnyUrl"]\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource(AnyUrl("file:///x"))\n';
	assert.match(fixAll(exported, false), /^from pydantic import AnyUrl\n/, 're-exported: kept');
	const guarded = 'from typing import TYPE_CHECKING\nfrom mcp import ClientSession\nif TYPE_CHECKING:\n    from pydantic import AnyUrl\n\n\nasync def f(s: ClientSession):\n    return await s.read_resource(AnyUrl("x"))\n';
	assert.match(fixAll(guarded, false), /if TYPE_CHECKING:\n    pass\n/, 'the only statement of a block becomes pass');
	const withAdded = 'from mcp import ClientSession\nfrom pydantic import AnyUrl\n\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(cursor=c)\n    return await s.read_resource(AnyUrl("x"))\n';
	assert.equal(fixAll(withAdded, false), 'from mcp import ClientSession\nfrom mcp.types import PaginatedRequestParams\n\n\nasync def f(s: ClientSession, c):\n    await s.list_resources(params=PaginatedRequestParams(cursor=c))\n    return await s.read_resource("x")\n',
		'an import added at the end of the removed line survives');
});

test('every output above compiles with Python', (t) => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-fixsem-'));
	try {
		const files = compiled.map((c) => {
			const p = path.join(dir, c.name);
			fs.writeFileSync(p, c.text);
			return p;
		});
		assert.ok(files.length > 10);
		const run = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
		if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
			t.skip('python3 not found');
			return;
		}
		assert.equal(run.status, 0, run.stderr);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
