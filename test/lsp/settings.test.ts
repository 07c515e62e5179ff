import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, waitFor } from '../helpers/lspClient';
import { AUTH_SERVER } from '../helpers/text';

const Severity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;
const MessageType = { Warning: 2 } as const;

async function withClient(options: Parameters<typeof LspClient.start>[0], body: (client: LspClient) => Promise<void>): Promise<void> {
	const client = await LspClient.start(options);
	try {
		await body(client);
	} finally {
		await client.stop();
	}
}

describe('settings', () => {
	it('falls back to the default for an invalid value and warns once, naming the setting', () =>
		withClient({ settings: { maxFileSize: -5, debounceMs: 0 } }, async (client) => {
			for (const name of ['a.py', 'b.py']) {
				const uri = client.uri(name);
				client.open(uri, AUTH_SERVER);
				assert.ok((await client.diagnostics(uri)).length > 0, 'defaults still analyse');
			}
			const warnings = client.messages.filter((m) => m.type === MessageType.Warning);
			assert.equal(warnings.length, 1);
			assert.match(warnings[0].message, /mcpAuthHints\.maxFileSize/);
		}));

	it('applies rules.customizations: a severity override and a rule turned off by name', () =>
		withClient({
			settings: { rules: { customizations: [{ rule: 'MCP101', severity: 'error' }, { rule: 'auth-unchanged', severity: 'off' }] } },
		}, async (client) => {
			const uri = client.uri();
			client.open(uri, AUTH_SERVER);
			const diagnostics = await client.diagnostics(uri);
			const imports = diagnostics.filter((d) => d.code === 'MCP101');
			assert.ok(imports.length > 0);
			assert.ok(imports.every((d) => d.severity === Severity.Error));
			assert.equal(diagnostics.filter((d) => d.code === 'MCP100').length, 0);
		}));

	it('reports nothing when disabled', () =>
		withClient({ settings: { enable: false } }, async (client) => {
			const uri = client.uri();
			client.open(uri, AUTH_SERVER);
			assert.deepEqual(await client.diagnostics(uri), []);
		}));

	it('re-reads settings after didChangeConfiguration and asks the client to pull again', () =>
		withClient({ settings: {} }, async (client) => {
			const uri = client.uri();
			client.open(uri, AUTH_SERVER);
			const before = await client.pull(uri);
			assert.ok(before.kind === 'full' && before.items.some((d) => d.code === 'MCP105'));

			client.settings = { rules: { customizations: [{ rule: 'MCP105', severity: 'off' }] } };
			client.configurationChanged();
			await waitFor(() => client.refreshRequests > 0, 'workspace/diagnostic/refresh');
			const after = await client.pull(uri, before.resultId);
			assert.equal(after.kind, 'full');
			assert.ok(after.kind === 'full' && !after.items.some((d) => d.code === 'MCP105'));
		}));

	it('fetches settings per document scope', () =>
		withClient({
			settings: (scope: string | undefined) => (scope?.endsWith('quiet.py') ? { enable: false } : {}),
		}, async (client) => {
			const quiet = client.uri('quiet.py');
			const loud = client.uri('loud.py');
			client.open(quiet, AUTH_SERVER);
			client.open(loud, AUTH_SERVER);
			assert.deepEqual(await client.diagnostics(quiet), []);
			assert.ok((await client.diagnostics(loud)).length > 0);
		}));
});

describe('workspace files', () => {
	const temps: string[] = [];
	function project(): string {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-hints-lsp-'));
		temps.push(dir);
		fs.mkdirSync(path.join(dir, 'legacy'));
		return dir;
	}
	after(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

	it('skips files matching the exclude setting, relative to the workspace folder', async () => {
		const dir = project();
		await withClient({ workspaceFolders: [dir], settings: { exclude: ['legacy/**'] } }, async (client) => {
			const excluded = pathToFileURL(path.join(dir, 'legacy', 'old.py')).href;
			const included = pathToFileURL(path.join(dir, 'app.py')).href;
			client.open(excluded, AUTH_SERVER);
			client.open(included, AUTH_SERVER);
			assert.deepEqual(await client.diagnostics(excluded), []);
			assert.ok((await client.diagnostics(included)).length > 0);
		});
	});

	it('treats a local mcp package in the workspace folder as the project\'s own code', async () => {
		const dir = project();
		fs.mkdirSync(path.join(dir, 'mcp'));
		fs.writeFileSync(path.join(dir, 'mcp', '__init__.py'), '');
		await withClient({ workspaceFolders: [dir] }, async (client) => {
			const nested = pathToFileURL(path.join(dir, 'legacy', 'app.py')).href;
			client.open(nested, AUTH_SERVER);
			assert.deepEqual(await client.diagnostics(nested), []);
			const untitled = client.uri();
			client.open(untitled, AUTH_SERVER);
			assert.ok((await client.diagnostics(untitled)).length > 0, 'documents outside the folder still see the SDK');
		});
	});
});
