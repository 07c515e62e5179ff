import * as assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';

// The analysis worker keeps syntax trees for the most recently analysed documents only
// (server/src/pool/worker.ts, MCP_AUTH_HINTS_TREES_KEPT; 16 by default). A document whose tree was
// dropped re-parses in full on its next analysis: its diagnostics after an edit are exactly those
// of the same text opened afresh.

const BASE = [
	'from mcp.server.auth.provider import TokenVerifier',
	'from mcp.server.fastmcp import FastMCP, Context',
	'',
	'mcp = FastMCP("demo", host="0.0.0.0")',
	'',
	'@mcp.tool()',
	'async def who(ctx: Context) -> str:',
	'    return ctx.client_id',
	'',
].join('\n');

let client: LspClient;

before(async () => {
	process.env.MCP_AUTH_HINTS_TREES_KEPT = '2';
	client = await LspClient.start({ settings: { debounceMs: 0 } });
	delete process.env.MCP_AUTH_HINTS_TREES_KEPT;
});

after(async () => {
	await client.stop();
});

const key = (d: Diagnostic) => JSON.stringify([d.range, d.code, d.message]);

it('a document whose tree was dropped gives, after edits, the diagnostics of its text opened afresh', async () => {
	const uris = [0, 1, 2, 3, 4].map((i) => client.uri(`doc${i}.py`));
	for (const [i, uri] of uris.entries()) {
		client.open(uri, `# copy ${i}\n${BASE}`);
		assert.ok((await client.diagnostics(uri)).length >= 4);
	}
	// doc0's tree was dropped when doc2 was analysed: edit it twice (an import removed, a use added).
	let text = `# copy 0\n${BASE}`;
	client.change(uris[0], 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
	text = text.replace('from mcp.server.auth.provider import TokenVerifier\n', '');
	client.change(uris[0], 3, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '    await ctx.info(ctx.client_id)\n' }]);
	const lines = text.split('\n');
	lines.splice(7, 0, '    await ctx.info(ctx.client_id)');
	text = lines.join('\n');
	const edited = (await client.diagnostics(uris[0])).map(key).sort();
	const fresh = client.uri('fresh.py');
	client.open(fresh, text);
	assert.deepEqual(edited, (await client.diagnostics(fresh)).map(key).sort());
	assert.ok(edited.length >= 4);
});
