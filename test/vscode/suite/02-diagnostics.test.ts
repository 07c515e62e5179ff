// Scenario 2: the realistic v1 server gets the expected findings, each at exactly its token.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, describe, log, openFixture, ours, targetOf, tokenRange, waitForDiagnostic } from './helpers';

interface Expected {
	code: string;
	anchor: RegExp;
	token: string;
}

const EXPECTED: Expected[] = [
	{ code: 'MCP101', anchor: /^from mcp\.server\.auth\.provider import .*$/m, token: 'AccessToken' },
	{ code: 'MCP101', anchor: /^from mcp\.server\.auth\.provider import .*$/m, token: 'TokenVerifier' },
	{ code: 'MCP101', anchor: /^from mcp\.server\.auth\.settings import .*$/m, token: 'AuthSettings' },
	{ code: 'MCP101', anchor: /^from mcp\.server\.fastmcp import .*$/m, token: 'Context' },
	{ code: 'MCP101', anchor: /^from mcp\.server\.fastmcp import .*$/m, token: 'FastMCP' },
	{ code: 'MCP103', anchor: /^from mcp\.server\.fastmcp import/m, token: 'mcp.server.fastmcp' },
	{ code: 'MCP103', anchor: /\bFastMCP\(/, token: 'FastMCP' },
	{ code: 'MCP104', anchor: /^\s+host=/m, token: 'host' },
	{ code: 'MCP104', anchor: /^\s+port=/m, token: 'port' },
	{ code: 'MCP104', anchor: /^\s+json_response=/m, token: 'json_response' },
	{ code: 'MCP105', anchor: /\bctx\.client_id\b/, token: 'client_id' },
];

suite('2. diagnostics on auth_server.py', () => {
	let doc: vscode.TextDocument;

	suiteSetup(async () => {
		({ doc } = await openFixture('auth_server.py'));
		await activeExtension();
	});

	for (const e of EXPECTED) {
		test(`${e.code} on ${JSON.stringify(e.token)} (${e.anchor.source})`, async () => {
			const range = tokenRange(doc, e.anchor, e.token);
			const d = await waitForDiagnostic(doc, e.code, range);
			assert.strictEqual(d.source, 'mcp-auth-hints');
			assert.strictEqual(doc.getText(d.range), e.token);
			const target = targetOf(d);
			assert.ok(target, `${e.code} has a code.target (codeDescription.href)`);
			// The documentation link opens the rule page bundled in the extension, offline.
			assert.strictEqual(target.toString(), `mcp-auth-hints:/rules/${e.code}.md`, `code.target ${target.toString()} is the bundled rule page`);
			log(`${describe(d, doc)} -> ${target.toString()}: ${d.message.split('\n')[0]}`);
		});
	}

	test('every finding of ours covers a non-empty token', () => {
		for (const d of ours(doc.uri)) {
			assert.ok(!d.range.isEmpty, `${describe(d, doc)} has a non-empty range`);
		}
	});
});
