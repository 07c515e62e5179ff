import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { applyEdits } from '../helpers/text';

// Fix-all in the editor on the case that once wrote `mcp.run(transport="sse", port=8001, port=8000)`
// (tree-sitter accepts it, CPython rejects it): two constructors reach one run() call, so the move
// is refused at its source and the other rewrites are kept. The compile guard the action also runs
// (server/src/fixes/compileCheck.ts) is unit-tested with a rewrite built to fail.

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

	it('never repeats a keyword and keeps the other rewrites', async () => {
		const uri = client.uri('ports.py');
		client.open(uri, TEXT, 1);
		await client.diagnostics(uri);
		const start = { line: 0, character: 0 };
		const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start, end: start }, context: { diagnostics: [], only: [FIX_ALL] } });
		assert.equal(actions.length, 1);
		const change = actions[0].edit?.documentChanges?.[0] as TextDocumentEdit;
		const out = applyEdits(TEXT, change.edits.filter((e): e is TextEdit => 'newText' in e));
		assert.match(out, /^from mcp\.server\.mcpserver import MCPServer$/m, 'the other rewrites are kept');
		assert.match(out, /^mcp\.run\(transport="sse"\)$/m, 'neither port moves onto the shared run()');
		assert.doesNotMatch(out, /port=\d+, port=/, 'no repeated keyword');
	});
});
