import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { applyEdits } from '../helpers/text';

// "Migrate this file to V2" over JSON-RPC (issue 18, item 3): in a project on mcp 1 a bare
// `source.fixAll` writes no V2-only name, while the explicit source.migrateToV2.mcpAuthHints action
// rewrites every V2 change of the file in one edit. The engine side is test/unit/migrate.test.ts.

const TEXT = [
	'from mcp.server.fastmcp import Context, FastMCP',
	'',
	'mcp = FastMCP("demo")',
	'',
	'',
	'@mcp.tool()',
	'async def name(ctx: Context) -> str:',
	'    return ctx.fastmcp.name',
	'',
].join('\n');

describe('migrate this file to V2', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0, target: '1' } });
	});
	after(() => client.stop());

	const actions = async (name: string, only: string[]) => {
		const uri = client.uri(name);
		client.open(uri, TEXT, 1);
		await client.diagnostics(uri);
		const start = { line: 0, character: 0 };
		return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start, end: start }, context: { diagnostics: [], only } });
	};
	const applied = (action: CodeAction) => {
		const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
		const edits = change.edits.filter((e): e is TextEdit => 'newText' in e);
		assert.equal(edits.length, 1, 'one atomic edit');
		return applyEdits(TEXT, edits);
	};

	it('a bare source.fixAll writes no V2-only name on target 1', async () => {
		const found = await actions('bare.py', ['source.fixAll']);
		for (const a of found) {
			const change = a.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
			const out = change ? applyEdits(TEXT, change.edits.filter((e): e is TextEdit => 'newText' in e)) : TEXT;
			assert.doesNotMatch(out, /mcpserver|mcp_server/);
		}
	});

	it('the migrate action rewrites imports, names and members together', async () => {
		const found = await actions('migrate.py', ['source.migrateToV2.mcpAuthHints']);
		assert.equal(found.length, 1);
		assert.equal(found[0].kind, 'source.migrateToV2.mcpAuthHints');
		const out = applied(found[0]);
		assert.match(out, /^from mcp\.server\.mcpserver import Context, MCPServer$/m);
		assert.match(out, /^mcp = MCPServer\("demo"\)$/m);
		assert.match(out, /return ctx\.mcp_server\.name/);
	});

	it('is listed in the Source Action menu (only: source)', async () => {
		const found = await actions('menu.py', ['source']);
		assert.ok(found.some((a) => a.kind === 'source.migrateToV2.mcpAuthHints'), JSON.stringify(found.map((a) => a.kind)));
	});
});
