import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { AUTH_SERVER, rangeIn, rangeOf } from '../helpers/text';

const Severity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;
const DEPRECATED = 2;

function find(diagnostics: Diagnostic[], code: string, range: Range): Diagnostic {
	const found = diagnostics.find((d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(range));
	assert.ok(found, `expected ${code} at ${JSON.stringify(range)}; got ${JSON.stringify(diagnostics.map((d) => [d.code, d.range]))}`);
	return found;
}

describe('diagnostics on a v1 auth server', () => {
	let client: LspClient;
	let diagnostics: Diagnostic[];
	let uri: string;

	before(async () => {
		client = await LspClient.start();
		uri = client.uri('server.py');
		client.open(uri, AUTH_SERVER);
		diagnostics = await client.diagnostics(uri);
	});
	after(() => client.stop());

	it('reports each imported auth name as an MCP101 hint on the name (an inventory, not a break)', () => {
		const access = find(diagnostics, 'MCP101', rangeOf(AUTH_SERVER, 'AccessToken'));
		const verifier = find(diagnostics, 'MCP101', rangeOf(AUTH_SERVER, 'TokenVerifier'));
		assert.equal(access.severity, Severity.Hint);
		assert.equal(verifier.severity, Severity.Hint);
		assert.equal(verifier.source, 'mcp-auth-hints');
	});

	it('reports a later use of an unchanged symbol as an MCP100 hint', () => {
		const base = find(diagnostics, 'MCP100', rangeOf(AUTH_SERVER, 'TokenVerifier', 1));
		assert.equal(base.severity, Severity.Hint);
		assert.equal(base.tags, undefined);
	});

	it('flags the fastmcp module as MCP103 warning, tagged deprecated', () => {
		const module = find(diagnostics, 'MCP103', rangeOf(AUTH_SERVER, 'mcp.server.fastmcp'));
		assert.equal(module.severity, Severity.Warning);
		assert.deepEqual(module.tags, [DEPRECATED]);
		assert.equal(module.codeDescription?.href, 'https://py.sdk.modelcontextprotocol.io/migration/#fastmcp-renamed-to-mcpserver');
	});

	it('flags the FastMCP(...) call (MCP103, no MCP104 summary) and its moved port= keyword (MCP104)', () => {
		const name = rangeIn(AUTH_SERVER, 'mcp = FastMCP(', 'FastMCP');
		const onCallee = diagnostics.filter((d) => JSON.stringify(d.range) === JSON.stringify(name)).map((d) => d.code).sort();
		assert.deepEqual(onCallee, ['MCP103']);
		find(diagnostics, 'MCP104', rangeIn(AUTH_SERVER, 'port=8000', 'port'));
	});

	it('flags ctx.client_id as MCP105 on client_id', () => {
		const d = find(diagnostics, 'MCP105', rangeOf(AUTH_SERVER, 'client_id'));
		assert.deepEqual(d.tags, [DEPRECATED]);
	});

	it('gives every diagnostic the source, an https codeDescription and code-action data', () => {
		assert.ok(diagnostics.length >= 10, `only ${diagnostics.length} diagnostics`);
		for (const d of diagnostics) {
			assert.equal(d.source, 'mcp-auth-hints');
			assert.match(String(d.code), /^MCP\d{3}$/);
			assert.match(d.codeDescription?.href ?? '', /^https:\/\//);
			const data = d.data as { code: string; version: number; noteId?: string; suppress?: unknown; fixes: unknown[] };
			assert.equal(data.code, d.code);
			assert.equal(data.version, 1);
			assert.ok(Array.isArray(data.fixes));
			assert.ok(data.suppress, 'suppression edits travel with the diagnostic');
		}
	});

	it('answers a re-pull of the same version with an unchanged report', async () => {
		const first = await client.pull(uri);
		assert.equal(first.kind, 'full');
		const second = await client.pull(uri, first.resultId);
		assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
	});

	it('sends a status notification after analysing', () => {
		assert.ok(client.statuses.some((s) => s.uri === uri && s.state === 'ok'));
	});

	it('reports nothing for a file without mcp imports and for non-Python documents', async () => {
		const plain = client.uri('plain.py');
		client.open(plain, 'import os\nprint(os.getcwd())\n');
		assert.deepEqual(await client.diagnostics(plain), []);
		const markdown = client.uri('notes.md');
		client.open(markdown, AUTH_SERVER, 1, 'markdown');
		assert.deepEqual(await client.diagnostics(markdown), []);
	});
});
