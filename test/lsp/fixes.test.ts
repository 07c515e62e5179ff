import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { applyEdits, AUTH_SERVER, rangeIn, rangeOf } from '../helpers/text';

// The rewrites in the editor: the rewrite is the first action of its diagnostic, only safe ones
// are preferred, "Fix all" is offered in the quick-fix menu, and source.fixAll.mcpAuthHints works
// for editor.codeActionsOnSave (a request with `only` and no diagnostics).

const FIX_ALL = 'source.fixAll.mcpAuthHints';

function documentEdit(action: CodeAction): TextDocumentEdit {
	const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
	assert.ok(change, `${action.title} has no versioned document edit`);
	return change;
}

function edited(text: string, action: CodeAction): string {
	return applyEdits(text, documentEdit(action).edits.filter((e): e is TextEdit => 'newText' in e));
}

function codeActionRequest(client: LspClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
	const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
	return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

describe('rewrite code actions', () => {
	let client: LspClient;
	let uri: string;
	let diagnostics: Diagnostic[];
	before(async () => {
		// A project on mcp 2: the rewrites that write V2 names are safe there.
		client = await LspClient.start({ settings: { debounceMs: 0, target: '2' } });
		uri = client.uri('fixes.py');
		client.open(uri, AUTH_SERVER, 3);
		diagnostics = await client.diagnostics(uri);
	});
	after(() => client.stop());

	const at = (needle: string, code: string, context?: string) => {
		const range = context ? rangeIn(AUTH_SERVER, context, needle) : rangeOf(AUTH_SERVER, needle);
		const d = diagnostics.find((x) => x.code === code && JSON.stringify(x.range) === JSON.stringify(range));
		assert.ok(d, `${code} at ${needle}`);
		return d;
	};

	it('advertises the fix-all kind', async () => {
		const kinds = (client.initializeResult?.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
		assert.ok(kinds.includes(FIX_ALL));
		assert.ok(kinds.includes('quickfix'));
	});

	it('puts a safe rewrite first and marks it preferred', async () => {
		const d = at('mcp.server.fastmcp', 'MCP103');
		const actions = await client.codeActions(uri, d.range, [d]);
		assert.equal(actions[0].title, 'MCP Auth Hints (MCP103): Replace with `MCPServer`');
		assert.equal(actions[0].isPreferred, true);
		assert.equal(documentEdit(actions[0]).textDocument.version, 3);
		const out = edited(AUTH_SERVER, actions[0]);
		assert.match(out, /^from mcp\.server\.mcpserver import MCPServer, Context$/m);
		assert.match(out, /^mcp = MCPServer\("demo"/m);
		assert.equal(actions.filter((a) => a.isPreferred).length, 1);
		assert.ok(actions.some((a) => a.title === 'Fix all safe MCP V2 rewrites in this file' && a.kind === 'quickfix'));
	});

	it('puts a review rewrite first without isPreferred', async () => {
		const d = at('client_id', 'MCP105');
		const actions = await client.codeActions(uri, d.range, [d]);
		assert.match(actions[0].title, /^MCP Auth Hints \(MCP105\): Replace with `get_access_token\(\)\.client_id` \(review\)$/);
		assert.equal(actions[0].isPreferred, undefined);
		const out = edited(AUTH_SERVER, actions[0]);
		assert.match(out, /return get_access_token\(\)\.client_id/);
		assert.equal(out.match(/import get_access_token/g)?.length, 1);
	});

	it('answers source.fixAll with no diagnostics: safe fixes only, versioned', async () => {
		const actions = await codeActionRequest(client, uri, [], [FIX_ALL]);
		assert.equal(actions.length, 1);
		assert.equal(actions[0].kind, FIX_ALL);
		assert.equal(documentEdit(actions[0]).textDocument.version, 3);
		const out = edited(AUTH_SERVER, actions[0]);
		assert.match(out, /from mcp\.server\.mcpserver import MCPServer, Context/);
		assert.match(out, /ctx\.client_id/, 'the review rewrite is not applied on save');
		assert.match(out, /port=8000/, 'moved keywords (review) stay');
	});

	it('answers source.fixAll with the diagnostics too, and only: [source] ', async () => {
		const withDiagnostics = await codeActionRequest(client, uri, diagnostics, [FIX_ALL]);
		assert.deepEqual(withDiagnostics.map((a) => a.kind), [FIX_ALL]);
		const source = await codeActionRequest(client, uri, [], ['source']);
		// The Source Action menu also lists "Migrate this file to V2" (test/lsp/migrate.test.ts).
		assert.deepEqual(source.map((a) => a.kind), [FIX_ALL, 'source.migrateToV2.mcpAuthHints']);
		const quickOnly = await codeActionRequest(client, uri, [at('client_id', 'MCP105')], ['quickfix']);
		assert.ok(quickOnly.every((a) => a.kind === 'quickfix'));
	});

	it('includes review fixes when mcpAuthHints.fixAll.includeReviewFixes is on', async () => {
		client.settings = { debounceMs: 0, fixAll: { includeReviewFixes: true } };
		client.configurationChanged();
		const actions = await codeActionRequest(client, uri, [], [FIX_ALL]);
		assert.equal(actions.length, 1);
		const out = edited(AUTH_SERVER, actions[0]);
		assert.match(out, /get_access_token\(\)\.client_id/);
		client.settings = { debounceMs: 0 };
		client.configurationChanged();
	});

	it('offers no fix-all when nothing is fixable', async () => {
		const clean = client.uri('clean.py');
		client.open(clean, 'import os\nprint(os.name)\n');
		assert.deepEqual(await codeActionRequest(client, clean, [], [FIX_ALL]), []);
	});
});

describe('rewrite code actions in a project on mcp 1', () => {
	let client: LspClient;
	let uri: string;
	before(async () => {
		// Review fixes on, so only the V2-only rule stands between a bare source.fixAll and the rename.
		client = await LspClient.start({ settings: { debounceMs: 0, target: '1', fixAll: { includeReviewFixes: true } } });
		uri = client.uri('v1.py');
		client.open(uri, AUTH_SERVER, 1);
		await client.diagnostics(uri);
	});
	after(() => client.stop());

	it('a bare source.fixAll never writes a V2-only name', async () => {
		const actions = await codeActionRequest(client, uri, [], ['source.fixAll']);
		const out = actions.length > 0 ? edited(AUTH_SERVER, actions[0]) : AUTH_SERVER;
		assert.doesNotMatch(out, /mcpserver|MCPServer|mcp_server/);
	});

	it('the scoped source.fixAll.mcpAuthHints applies them when review fixes are asked for', async () => {
		const actions = await codeActionRequest(client, uri, [], [FIX_ALL]);
		assert.equal(actions.length, 1);
		assert.match(edited(AUTH_SERVER, actions[0]), /from mcp\.server\.mcpserver import MCPServer, Context/);
	});

	it('the FastMCP rename is a review fix, not the preferred one', async () => {
		const diagnostics = await client.diagnostics(uri);
		const rename = diagnostics.find((d) => d.code === 'MCP103');
		assert.ok(rename);
		const actions = await client.codeActions(uri, rename.range, [rename]);
		const fix = actions.find((a) => a.kind === 'quickfix' && /MCPServer/.test(a.title));
		assert.ok(fix, actions.map((a) => a.title).join('\n'));
		assert.match(fix.title, /\(review\)$/);
		assert.notEqual(fix.isPreferred, true);
	});
});
