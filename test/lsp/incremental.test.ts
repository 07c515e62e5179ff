import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';
import { applyEdits, AUTH_SERVER, codesAt, rangeIn, rangeOf } from '../helpers/text';

// Incremental edits reach the engine's retained tree change by change; after each edit a re-pull
// must describe the new text exactly: right positions, nothing left over from the old version.

describe('incremental edits', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0 } });
	});
	after(() => client.stop());

	it('keeps positions exact with non-ASCII text and CRLF line breaks', async () => {
		const uri = client.uri('crlf.py');
		let text = `# héllo wörld 🎉 — ünïcode\n${AUTH_SERVER}`.replace(/\n/g, '\r\n');
		let version = 1;
		client.open(uri, text, version);
		let diagnostics = await client.diagnostics(uri);
		assert.deepEqual(codesAt(diagnostics, rangeIn(text, 'port=8000', 'port')), ['MCP104']);

		// Two changes in one notification, applied in order: emoji before the call on its own line,
		// then a new CRLF line above the fastmcp import.
		const callLine = rangeOf(text, 'mcp = FastMCP(').start;
		const first = { range: { start: callLine, end: callLine }, text: 'x = "🎉é"; ' };
		text = applyEdits(text, [{ range: first.range, newText: first.text }]);
		const importLine = rangeOf(text, 'from mcp.server.fastmcp').start;
		const second = { range: { start: importLine, end: importLine }, text: 'import os  # ✓ ß\r\n' };
		text = applyEdits(text, [{ range: second.range, newText: second.text }]);
		client.change(uri, ++version, [first, second]);

		diagnostics = await client.diagnostics(uri);
		assert.deepEqual(codesAt(diagnostics, rangeIn(text, 'port=8000', 'port')), ['MCP104']);
		assert.deepEqual(codesAt(diagnostics, rangeIn(text, 'mcp = FastMCP(', 'FastMCP')), ['MCP103']);
		assert.deepEqual(codesAt(diagnostics, rangeOf(text, 'mcp.server.fastmcp')), ['MCP103']);
		assert.deepEqual(codesAt(diagnostics, rangeOf(text, 'client_id')), ['MCP105']);
		assert.ok(diagnostics.every((d) => (d.data as { version: number }).version === version));
	});

	it('drops diagnostics whose code was deleted (no stale squiggles)', async () => {
		const uri = client.uri('delete.py');
		let text = AUTH_SERVER;
		client.open(uri, text, 1);
		assert.ok((await client.diagnostics(uri)).some((d) => d.code === 'MCP105'));

		const line = rangeOf(text, '    return ctx.client_id\n');
		text = applyEdits(text, [{ range: line, newText: '    return "anonymous"\n' }]);
		client.change(uri, 2, [{ range: line, text: '    return "anonymous"\n' }]);
		const diagnostics = await client.diagnostics(uri);
		assert.equal(diagnostics.filter((d) => d.code === 'MCP105').length, 0);
		assert.deepEqual(codesAt(diagnostics, rangeIn(text, 'port=8000', 'port')), ['MCP104']);
	});

	it('follows a full-text replacement and then incremental edits on top of it', async () => {
		const uri = client.uri('full.py');
		client.open(uri, 'print("hi")\n', 1);
		assert.deepEqual(await client.diagnostics(uri), []);
		client.change(uri, 2, [{ text: AUTH_SERVER }]);
		assert.ok((await client.diagnostics(uri)).length > 0);

		// Delete the whole fastmcp import line: the FastMCP/Context names are no longer the SDK's.
		const importLine = rangeOf(AUTH_SERVER, 'from mcp.server.fastmcp import FastMCP, Context\n');
		const text = applyEdits(AUTH_SERVER, [{ range: importLine, newText: '' }]);
		client.change(uri, 3, [{ range: importLine, text: '' }]);
		const diagnostics = await client.diagnostics(uri);
		assert.deepEqual(diagnostics.filter((d) => ['MCP103', 'MCP104', 'MCP105'].includes(String(d.code))), []);
		assert.deepEqual(codesAt(diagnostics, rangeOf(text, 'TokenVerifier')), ['MCP101']);
	});

	it('answers a pull overtaken by an edit with ServerCancelled so the client asks again', async () => {
		const slow = await LspClient.start({ settings: { debounceMs: 400 } });
		try {
			const uri = slow.uri('race.py');
			slow.open(uri, AUTH_SERVER, 1);
			slow.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n' }]);
			const pending = slow.pull(uri);
			slow.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# b\n' }]);
			await assert.rejects(pending, (err: { code?: number; data?: { retriggerRequest?: boolean } }) =>
				err.code === -32802 && err.data?.retriggerRequest === true);
			const diagnostics = await slow.diagnostics(uri);
			assert.ok(diagnostics.every((d) => (d.data as { version: number }).version === 3));
			assert.deepEqual(codesAt(diagnostics, rangeOf(`# b\n# a\n${AUTH_SERVER}`, 'client_id')), ['MCP105']);
		} finally {
			await slow.stop();
		}
	});
});
