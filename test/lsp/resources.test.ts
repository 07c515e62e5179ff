import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { runCli } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';
import { rangeIn } from '../helpers/text';

// The resources rules travel the same paths as the auth rules: the language server (diagnostics,
// hover, code actions) and the CLI's JSON output.

const CLIENT = `import asyncio

from agents.mcp import MCPServerStreamableHttp
from mcp import ClientSession
from mcp.client.stdio import stdio_client
from pydantic import AnyUrl


async def agents_client() -> None:
    async with MCPServerStreamableHttp(params={"url": "http://localhost:8000/mcp"}) as server:
        page = await server.list_resources()
        print(page.nextCursor)


async def session_client(params) -> None:
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            listing = await session.list_resources(cursor="abc")
            await session.read_resource(AnyUrl("file:///a"))
            await session.subscribe_resource("file:///a")


class Mine:
    async def list_resources(self):
        return []


async def near_miss(m: Mine) -> None:
    await m.list_resources()
`;

function codesOn(diagnostics: Diagnostic[], context: string, needle: string): string[] {
	const range = JSON.stringify(rangeIn(CLIENT, context, needle));
	return diagnostics.filter((d) => JSON.stringify(d.range) === range).map((d) => String(d.code)).sort();
}

describe('resources rules through the language server', () => {
	let client: LspClient;
	let uri: string;
	let diagnostics: Diagnostic[];

	before(async () => {
		client = await LspClient.start();
		uri = client.uri('resources_client.py');
		client.open(uri, CLIENT);
		diagnostics = await client.diagnostics(uri);
	});
	after(() => client.stop());

	it('reports each resources call on the right receiver and nothing on the near miss', () => {
		assert.deepEqual(codesOn(diagnostics, 'page = await server.list_resources', 'list_resources'), ['MCP201']);
		assert.deepEqual(codesOn(diagnostics, 'print(page.nextCursor', 'nextCursor'), ['MCP203']);
		assert.deepEqual(codesOn(diagnostics, 'list_resources(cursor="abc")', 'cursor="abc"'), ['MCP202']);
		assert.deepEqual(codesOn(diagnostics, 'read_resource(AnyUrl("file:///a"))', 'AnyUrl("file:///a")'), ['MCP202']);
		assert.deepEqual(codesOn(diagnostics, 'session.subscribe_resource', 'subscribe_resource'), ['MCP204']);
		assert.deepEqual(codesOn(diagnostics, 'await m.list_resources', 'list_resources'), []);
		for (const d of diagnostics.filter((x) => String(x.code).startsWith('MCP2'))) {
			assert.equal(d.source, 'mcp-auth-hints');
			assert.match(d.codeDescription?.href ?? '', /^https:\/\//);
		}
	});

	it('hovers with the verdict and offers the note, guide and suppression actions', async () => {
		const range = rangeIn(CLIENT, 'session.subscribe_resource', 'subscribe_resource');
		const hover = await client.hover(uri, range.start);
		assert.ok(hover, 'a hover on the flagged call');
		const text = typeof hover.contents === 'string' ? hover.contents : 'value' in hover.contents ? hover.contents.value : '';
		assert.match(text, /MCP204/);
		const own = diagnostics.filter((d) => d.code === 'MCP204');
		const titles = (await client.codeActions(uri, range, own)).map((a) => a.title);
		const expected = [/^MCP Auth Hints \(MCP204\): Open V2 note/, /^MCP Auth Hints \(MCP204\): Open the upstream migration guide/, /^MCP Auth Hints \(MCP204\): Suppress on this line/, /^MCP Auth Hints \(MCP204\): Suppress in this file/, /^MCP Auth Hints \(MCP204\): Disable rule in settings/];
		const indices = expected.map((re) => titles.findIndex((t) => re.test(t)));
		assert.ok(indices.every((i) => i >= 0), `actions: ${JSON.stringify(titles)}`);
		assert.deepEqual(indices, [...indices].sort((a, b) => a - b), `order: ${JSON.stringify(titles)}`);
	});
});

describe('resources rules through the CLI', () => {
	it('prints them in the documented JSON shape', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-res-'));
		try {
			fs.writeFileSync(path.join(dir, 'client.py'), CLIENT);
			const run = runCli(['scan', '.', '--format', 'json', '--fail-on', 'never'], dir);
			assert.equal(run.code, 0, run.stderr);
			const out = JSON.parse(run.stdout) as { diagnostics: { file: string; code: string; symbol?: string; range: { start: { line: number } } }[] };
			const resources = out.diagnostics.filter((d) => d.code.startsWith('MCP2')).map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`);
			assert.deepEqual(resources.sort(), [
				'client.py:11 MCP201',
				'client.py:12 MCP203',
				'client.py:18 MCP202',
				'client.py:19 MCP202',
				'client.py:20 MCP204',
			].sort());
			assert.ok(out.diagnostics.filter((d) => d.code.startsWith('MCP2')).every((d) => typeof d.symbol === 'string' && d.symbol.length > 0));
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
