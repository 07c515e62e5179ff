import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { applyEdits } from '../helpers/text';

// Fix-all in the editor uses the CLI's compile guard (server/src/fixes/compileCheck.ts): two review
// rewrites that each move `port=` into the same `mcp.run(...)` would repeat the keyword, which
// tree-sitter accepts and CPython rejects; the action keeps the other rewrites and leaves that one out.

const FIX_ALL = 'source.fixAll.mcpAuthHints';
const TEXT = [
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
].join('\n');

describe('fix-all compile guard', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0, fixAll: { includeReviewFixes: true } } });
	});
	after(() => client.stop());

	it('leaves out the rewrite that would repeat a keyword and keeps the rest', async () => {
		const uri = client.uri('ports.py');
		client.open(uri, TEXT, 1);
		await client.diagnostics(uri);
		const start = { line: 0, character: 0 };
		const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start, end: start }, context: { diagnostics: [], only: [FIX_ALL] } });
		assert.equal(actions.length, 1);
		const change = actions[0].edit?.documentChanges?.[0] as TextDocumentEdit;
		const out = applyEdits(TEXT, change.edits.filter((e): e is TextEdit => 'newText' in e));
		assert.match(out, /^from mcp\.server\.mcpserver import MCPServer$/m, 'the other rewrites are kept');
		assert.match(out, /mcp\.run\(transport="sse", port=\d+\)/, 'one port moves');
		assert.doesNotMatch(out, /port=\d+, port=/, 'no repeated keyword');
	});
});
