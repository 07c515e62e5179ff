import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, WorkspaceDiagnosticReport } from 'vscode-languageserver';
import { runCli } from '../helpers/cli';
import { LspClient, waitFor } from '../helpers/lspClient';

// One project configuration, two doors: the fixture project's [tool.mcp-auth-hints] (select,
// ignore, per-file-ignores, target, severity) must give the same findings through the CLI (a process) and
// through the language server (real JSON-RPC), for open documents and for the workspace scan of
// closed files. Then the editor's side only: settings the user set win over the file, the file is
// watched, and a bad file is reported once (file, key, line) while the server keeps its defaults.

const FIXTURE = path.join(__dirname, 'fixtures', 'configured');
const FILES = ['app/server.py', 'tests/test_server.py'];
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

const copies: string[] = [];
after(() => copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function copyFixture(): string {
	const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-crossdoor-')));
	copies.push(dir);
	fs.cpSync(FIXTURE, dir, { recursive: true });
	return dir;
}

interface CliJson { diagnostics: { file: string; code: string; severity: string; message: string; range: Diagnostic['range'] }[] }

/** `file line:col-line:col code severity message`, sorted: what both doors must agree on. */
function key(file: string, d: { range: Diagnostic['range']; code?: unknown; severity?: unknown; message: unknown }): string {
	const { start, end } = d.range;
	const severity = typeof d.severity === 'number' ? SEVERITY[d.severity] : d.severity;
	return `${file} ${start.line}:${start.character}-${end.line}:${end.character} ${String(d.code)} ${String(severity)} ${typeof d.message === 'string' ? d.message : JSON.stringify(d.message)}`;
}

function cliFindings(root: string): string[] {
	const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', '.'], root);
	assert.equal(run.code, 0, run.stderr);
	return (JSON.parse(run.stdout) as CliJson).diagnostics.map((d) => key(d.file, d)).sort();
}

async function openAll(client: LspClient, root: string): Promise<string[]> {
	const found: string[] = [];
	for (const rel of FILES) {
		const uri = pathToFileURL(path.join(root, rel)).href;
		client.open(uri, fs.readFileSync(path.join(root, rel), 'utf8'));
		found.push(...(await client.diagnostics(uri)).map((d) => key(rel, d)));
	}
	return found.sort();
}

async function withServer(root: string, settings: unknown, body: (client: LspClient) => Promise<void>): Promise<void> {
	const client = await LspClient.start({ workspaceFolders: [root], settings });
	try {
		await body(client);
	} finally {
		await client.stop();
	}
}

describe('[tool.mcp-auth-hints] through both doors', () => {
	it('the CLI and the language server (open documents) give the same findings', async () => {
		const root = copyFixture();
		const cli = cliFindings(root);
		// The configuration is in force: MCP100 ignored, MCP103 not in tests/, MCP103 an error (target 2).
		assert.ok(cli.some((f) => / MCP103 error /.test(f)) && cli.some((f) => / MCP104 error /.test(f)), cli.join('\n'));
		assert.ok(!cli.some((f) => / MCP100 /.test(f) || /^tests\/\S+ \S+ MCP103 /.test(f)), cli.join('\n'));
		assert.ok(cli.some((f) => /^tests\/\S+ \S+ MCP101 /.test(f)), 'tests/ keeps the codes it does not ignore');
		await withServer(root, {}, async (client) => {
			assert.deepEqual(await openAll(client, root), cli);
		});
	});

	it('the workspace scan of closed files agrees with the CLI too', async () => {
		const root = copyFixture();
		const cli = cliFindings(root).filter((f) => FILES.some((rel) => f.startsWith(`${rel} `)));
		// Every finding of closed files, as the CLI prints them (the editor's default shows only breaks there).
		await withServer(root, { workspaceScope: 'everything' }, async (client) => {
			const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
			const found = report.items.flatMap((item) => {
				const rel = path.relative(root, new URL(item.uri).pathname).split(path.sep).join('/');
				return item.kind === 'full' && FILES.includes(rel) ? item.items.map((d) => key(rel, d)) : [];
			}).sort();
			assert.deepEqual(found, cli);
		});
	});
});

describe('the language server and the project configuration', () => {
	it('a setting the user set wins over the file; the file decides what the user left out', async () => {
		const root = copyFixture();
		// target 1 from the editor: MCP103 drops back to a warning; the file's ignore of MCP100 still holds.
		await withServer(root, { target: '1' }, async (client) => {
			const found = await openAll(client, root);
			assert.ok(found.some((f) => / MCP103 warning /.test(f)) && !found.some((f) => / MCP103 error /.test(f)), found.join('\n'));
			assert.ok(!found.some((f) => / MCP100 /.test(f)), found.join('\n'));
		});
		// A customization from the editor re-enables what the file ignored (the last match wins).
		await withServer(root, { rules: { customizations: [{ rule: 'MCP100', severity: 'hint' }] } }, async (client) => {
			assert.ok((await openAll(client, root)).some((f) => / MCP100 hint /.test(f)));
		});
	});

	it('watches the file: a change is read again and the client is asked to pull', async () => {
		const root = copyFixture();
		await withServer(root, {}, async (client) => {
			const uri = pathToFileURL(path.join(root, 'app/server.py')).href;
			client.open(uri, fs.readFileSync(path.join(root, 'app/server.py'), 'utf8'));
			assert.ok((await client.diagnostics(uri)).every((d) => d.code !== 'MCP100'));
			const pyproject = path.join(root, 'pyproject.toml');
			fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('ignore = ["MCP100"]', 'ignore = ["MCP101"]'));
			const refreshes = client.refreshRequests;
			client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(pyproject).href, type: 2 }] });
			await waitFor(() => client.refreshRequests > refreshes, 'a diagnostics refresh');
			const codes = (await client.diagnostics(uri)).map((d) => String(d.code));
			assert.ok(codes.includes('MCP100') && !codes.includes('MCP101'), codes.join(' '));
		});
	});

	it('an invalid file: defaults, and one message naming the file, key and line', async () => {
		const root = copyFixture();
		const pyproject = path.join(root, 'pyproject.toml');
		fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('target = 2', 'target = 3'));
		await withServer(root, {}, async (client) => {
			const found = await openAll(client, root);
			assert.ok(found.some((f) => / MCP100 /.test(f)), 'the defaults: nothing ignored');
			const line = fs.readFileSync(pyproject, 'utf8').split('\n').findIndex((l) => l.startsWith('target = 3')) + 1;
			const warnings = client.messages.filter((m) => /invalid configuration/.test(m.message));
			assert.equal(warnings.length, 1, JSON.stringify(client.messages));
			assert.ok(warnings[0].message.includes(`pyproject.toml:${line}: tool.mcp-auth-hints.target:`), warnings[0].message);
		});
	});
});
