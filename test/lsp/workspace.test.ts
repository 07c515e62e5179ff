import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { WorkDoneProgress } from 'vscode-languageserver';
import type { Diagnostic, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { runCli } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';

// The workspace scan through the language server: a temporary two-folder workspace whose files are
// never opened, workspace/diagnostic (long-polled) answering with their findings, file events
// updating it, open documents taking over, files.exclude / .gitignore / default excludes, per-folder
// settings, cancellation of "Scan Workspace", and the exported report.

const IMPORT = 'from mcp.server.fastmcp import FastMCP\n';

function write(file: string, text: string): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
}

const uriOf = (file: string) => pathToFileURL(file).href;

function withTimeout<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
	return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
}

class WorkspacePuller {
	readonly resultIds = new Map<string, string>();
	readonly diagnostics = new Map<string, Diagnostic[]>();

	constructor(private readonly client: LspClient) {}

	/** One workspace/diagnostic round trip; returns the items the server sent. */
	async pull(token?: CancellationTokenSource): Promise<WorkspaceDocumentDiagnosticReport[]> {
		const previousResultIds = [...this.resultIds].map(([uri, value]) => ({ uri, value }));
		const params = { previousResultIds };
		const report = (token
			? await this.client.connection.sendRequest('workspace/diagnostic', params, token.token)
			: await this.client.connection.sendRequest('workspace/diagnostic', params)) as WorkspaceDiagnosticReport;
		for (const item of report.items) {
			if (item.kind === 'full') {
				this.diagnostics.set(item.uri, item.items);
			}
			if (item.resultId) {
				this.resultIds.set(item.uri, item.resultId);
			}
		}
		return report.items;
	}

	codes(file: string): string[] {
		return (this.diagnostics.get(uriOf(file)) ?? []).map((d) => String(d.code));
	}
}

describe('workspace scan', () => {
	let root: string;
	let a: string;
	let b: string;
	let client: LspClient;
	let puller: WorkspacePuller;

	before(async () => {
		root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-ws-')));
		a = path.join(root, 'alpha');
		b = path.join(root, 'beta');
		write(path.join(a, 'server.py'), IMPORT + 'mcp = FastMCP("x")\nmcp.run(transport="sse")\n');
		write(path.join(a, 'pkg', 'tools.py'), 'from mcp.server.auth.provider import TokenVerifier\n');
		write(path.join(a, 'clean.py'), 'print("no sdk here")\n');
		write(path.join(a, 'generated', 'stub.py'), IMPORT);
		write(path.join(a, 'ignored', 'old.py'), IMPORT);
		write(path.join(a, 'legacy', 'old.py'), IMPORT);
		write(path.join(a, 'node_modules', 'dep', 'x.py'), IMPORT);
		write(path.join(a, '.gitignore'), 'ignored/\n');
		write(path.join(a, 'pyproject.toml'), '[project]\nname = "alpha"\ndependencies = ["mcp>=1.9"]\n');
		write(path.join(a, 'nb.ipynb'), JSON.stringify({
			cells: [
				{ cell_type: 'markdown', metadata: {}, source: ['# title'] },
				{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['from mcp.server.fastmcp import FastMCP'] },
			],
			metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: 5,
		}));
		write(path.join(b, 'client.py'), IMPORT);
		write(path.join(b, 'uv.lock'), 'version = 1\n\n[[package]]\nname = "mcp"\nversion = "2.0.0"\n');
		client = await LspClient.start({
			workspaceFolders: [a, b],
			// Per-folder settings: beta turns MCP101 off and excludes nothing; alpha excludes legacy/.
			// Both report every finding of closed files (the default shows only their breaks).
			settings: (scopeUri: string | undefined) => scopeUri?.startsWith(uriOf(b))
				? { workspaceScope: 'everything', rules: { customizations: [{ rule: 'MCP101', severity: 'off' }] } }
				: { workspaceScope: 'everything', exclude: ['legacy/**'] },
		});
		client.filesSettings = (scopeUri: string | undefined) => scopeUri?.startsWith(uriOf(a)) ? { exclude: { '**/{generated,build}': true, '**/.git': true } } : {};
		puller = new WorkspacePuller(client);
	});

	after(async () => {
		await client.stop();
		fs.rmSync(root, { recursive: true, force: true });
	});

	it('reports closed files of every folder without any didOpen', async () => {
		const items = await withTimeout(puller.pull(), 'first workspace pull');
		const reported = items.filter((i) => i.kind === 'full' && i.items.length > 0).map((i) => path.relative(root, fs.realpathSync(new URL(i.uri).pathname))).sort();
		assert.deepEqual(reported, ['alpha/nb.ipynb', 'alpha/pkg/tools.py', 'alpha/pyproject.toml', 'alpha/server.py', 'beta/client.py']);
		assert.deepEqual(puller.codes(path.join(a, 'server.py')).sort(), ['MCP100', 'MCP101', 'MCP103', 'MCP103', 'MCP302']);
		assert.deepEqual(puller.codes(path.join(a, 'pyproject.toml')), ['MCP301']);
		const nb = puller.diagnostics.get(uriOf(path.join(a, 'nb.ipynb')))!;
		assert.ok(nb.every((d) => /^cell 2, line 1: /.test(String(d.message))), nb.map((d) => String(d.message)).join('\n'));
	});

	it('applies each folder\'s own settings and resolution (beta: MCP101 off, mcp 2.0.0 locked → MCP103 is an Error)', () => {
		const beta = puller.diagnostics.get(uriOf(path.join(b, 'client.py')))!;
		assert.deepEqual(beta.map((d) => [d.code, d.severity]), [['MCP103', 1]]);
		const alpha = puller.diagnostics.get(uriOf(path.join(a, 'server.py')))!;
		// Its breaks are Warnings (mcp 1 there); the uses its import covers are Hints (4).
		const breaks = alpha.filter((d) => d.code === 'MCP103' && d.severity !== 4);
		assert.ok(breaks.length > 0 && breaks.every((d) => d.severity === 2), JSON.stringify(alpha));
	});

	it('long-polls: a request with nothing new stays open until a file is created', async () => {
		let settled = false;
		const pending = puller.pull().finally(() => {
			settled = true;
		});
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(settled, false, 'the server answered although nothing changed');
		const created = path.join(a, 'pkg', 'new_client.py');
		write(created, 'from mcp.client.auth import OAuthClientProvider\n');
		client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
		const items = await withTimeout(pending, 'pull after create');
		assert.ok(items.some((i) => i.uri === uriOf(created)));
		assert.deepEqual(puller.codes(created), ['MCP101']);
	});

	it('updates on change and delete events', async () => {
		const tools = path.join(a, 'pkg', 'tools.py');
		write(tools, 'print("migrated")\n');
		client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(tools), type: 2 }] });
		await withTimeout(puller.pull(), 'pull after change');
		assert.deepEqual(puller.codes(tools), []);
		const created = path.join(a, 'pkg', 'new_client.py');
		fs.unlinkSync(created);
		client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 3 }] });
		const items = await withTimeout(puller.pull(), 'pull after delete');
		assert.ok(items.some((i) => i.uri === uriOf(created) && i.kind === 'full' && i.items.length === 0));
	});

	it('keeps an open file in the workspace report (the client favours its document pull) and re-sends it when its tab closes', async () => {
		const server = path.join(a, 'server.py');
		const uri = uriOf(server);
		client.open(uri, fs.readFileSync(server, 'utf8'));
		assert.ok((await client.diagnostics(uri)).length > 0, 'the document pull has the findings');
		assert.ok(puller.codes(server).includes('MCP302'), 'the workspace result is still there');
		// The client dropped the document's results when its last tab closed (the document stays
		// open): the server answers a pending long-poll with the file at once.
		const pending = puller.pull();
		client.notify('mcpAuthHints/documentsHidden', { uris: [uri] });
		const items = await withTimeout(pending, 'pull after the document was hidden');
		assert.deepEqual(items.map((i) => i.uri), [uri]);
		assert.ok(puller.codes(server).includes('MCP302'));
		client.close(uri);
	});

	it('serves MCP301 on an open manifest through the document pull', async () => {
		const uri = uriOf(path.join(a, 'pyproject.toml'));
		client.open(uri, '[project]\nname = "alpha"\ndependencies = [\n  "httpx",\n  "mcp>=1.9",\n]\n', 1, 'toml');
		const items = await client.diagnostics(uri);
		assert.deepEqual(items.map((d) => [d.code, d.range.start]), [['MCP301', { line: 4, character: 3 }]]);
		client.close(uri);
	});

	it('exports the auth API surface report of all folders as Markdown', async () => {
		const { markdown } = await client.request<{ markdown: string }>('mcpAuthHints/exportReport', {});
		assert.match(markdown, /^# MCP auth API surface of the workspace/);
		assert.match(markdown, /\*\*Verdict summary:\*\* \d+ symbols? unchanged, \d+ needs? changes, \d+ removed/);
		// File names and versions are backslash-escaped in the Markdown (shared sanitizer); they render as before.
		// Links are rooted at the first folder (alpha), the form VS Code's Markdown preview opens at the line.
		assert.match(markdown, /\[alpha\/server\\\.py\\:1\]\(\/server\.py#L1\)/);
		assert.match(markdown, /\[beta\/client\\\.py\\:1\]\(\/\.\.\/beta\/client\.py#L1\)/);
		assert.doesNotMatch(markdown, /file:|\|/, 'no file: links (the preview refuses them) and no table (too wide)');
		assert.match(markdown, /\*\*Findings:\*\* \d+ breaks?, \d+ to review, \d+ unaffected/);
		assert.match(markdown, /beta\/client\\\.py\\:1/);
		assert.match(markdown, /alpha\/nb\\\.ipynb\\#cell\\=2\\:1/);
		assert.match(markdown, /Locked: mcp 2\\\.0\\\.0 \(beta\/uv\\\.lock\)/);
		assert.doesNotMatch(markdown, /legacy|generated|ignored|node_modules/);
	});

	it('scans on command with work-done progress and file counts', async () => {
		const token = 'scan-1';
		const progress: { kind: string; message?: string }[] = [];
		const sub = client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
			progress.push(value);
		});
		const result = await client.request<{ files: number; findings: number; cancelled: boolean }>('mcpAuthHints/scanWorkspace', { workDoneToken: token });
		sub.dispose();
		assert.equal(result.cancelled, false);
		assert.equal(result.files, 7, 'alpha: server.py, pkg/tools.py, clean.py, pyproject.toml, nb.ipynb; beta: client.py, uv.lock');
		assert.ok(result.findings > 0);
		assert.equal(progress[0]?.kind, 'begin');
		assert.equal(progress[progress.length - 1]?.kind, 'end');
		assert.ok(progress.some((p) => p.kind === 'report' && /^\d+\/\d+ files$/.test(p.message ?? '')), JSON.stringify(progress));
	});
});

describe('workspace scan cancellation and scope', () => {
	it('stops a Scan Workspace request when it is cancelled', async () => {
		const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-ws-cancel-')));
		for (let i = 0; i < 400; i++) {
			write(path.join(root, `m${String(i).padStart(3, '0')}.py`), `${IMPORT}server_${i} = FastMCP("s${i}")\nserver_${i}.run(transport="sse")\n`.repeat(3));
		}
		const client = await LspClient.start({ workspaceFolders: [root], settings: { scope: 'openFiles' } });
		try {
			const source = new CancellationTokenSource();
			// Cancel as soon as the server reports its first progress: it has started, and is far from done.
			const sub = client.connection.onProgress(WorkDoneProgress.type, 'cancel-me', (value) => {
				if (value.kind === 'report') {
					source.cancel();
				}
			});
			const pending = client.connection.sendRequest('mcpAuthHints/scanWorkspace', { workDoneToken: 'cancel-me' }, source.token) as Promise<{ files: number; cancelled: boolean }>;
			pending.finally(() => sub.dispose()).catch(() => undefined);
			const outcome = await withTimeout(pending.then((r) => r, (e: { code?: number }) => ({ error: e.code })), 'cancelled scan');
			if ('error' in outcome) {
				assert.equal(outcome.error, -32800);
			} else {
				assert.equal(outcome.cancelled, true);
				assert.ok(outcome.files > 0 && outcome.files < 400, `scanned ${outcome.files} of 400 files`);
			}
			// scope openFiles: the workspace report has nothing for closed files.
			const report = await withTimeout(
				client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }, new CancellationTokenSource().token)
					.then((r) => r as WorkspaceDiagnosticReport),
				'openFiles pull', 1000,
			).catch(() => ({ items: [] }) as WorkspaceDiagnosticReport);
			assert.ok(report.items.every((i) => i.kind === 'full' && i.items.length === 0));
		} finally {
			await client.stop();
			fs.rmSync(root, { recursive: true, force: true });
		}
	});

	it('by default closed files report only breaks; the scan counts every finding by verdict as the CLI does; a git-ignored uv.lock is read', async () => {
		const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-ws-scope-')));
		write(path.join(root, 'app.py'), `${IMPORT}from mcp.server.auth.provider import TokenVerifier
mcp = FastMCP("x")
`);
		write(path.join(root, '.gitignore'), 'uv.lock\n');
		write(path.join(root, 'uv.lock'), 'version = 1\n\n[[package]]\nname = "mcp"\nversion = "1.26.0"\n');
		const client = await LspClient.start({ workspaceFolders: [root], settings: {} });
		try {
			const puller = new WorkspacePuller(client);
			await withTimeout(puller.pull(), 'first pull');
			const shown = puller.diagnostics.get(uriOf(path.join(root, 'app.py'))) ?? [];
			assert.ok(shown.length > 0, 'the breaks of a closed file are reported');
			assert.ok(shown.every((d) => d.severity === 1 || d.severity === 2), JSON.stringify(shown.map((d) => [d.code, d.severity])));
			const scan = await client.request<{ counts: { breaks: number; review: number; unaffected: number } }>('mcpAuthHints/scanWorkspace', {});
			const cli = JSON.parse(runCli(['scan', '--format', 'json', '--fail-on', 'never'], root).stdout) as { diagnostics: { severity: string }[] };
			const count = (...severities: string[]) => cli.diagnostics.filter((d) => severities.includes(d.severity)).length;
			assert.deepEqual(scan.counts, { breaks: count('error', 'warning'), review: count('information'), unaffected: count('hint') });
			assert.equal(scan.counts.breaks, shown.length, 'the breaks shown are the breaks counted');
			assert.ok(scan.counts.unaffected > 0, 'the TokenVerifier import (a Hint) is counted although not shown');
			const info = await client.request<{ folders: { target: string; resolved: { version: string; file: string }[] }[] }>('mcpAuthHints/projectInfo', {});
			assert.deepEqual(info.folders.map((f) => [f.target, f.resolved]), [['mcp 1.x', [{ version: '1.26.0', file: 'uv.lock', source: 'uv.lock' }]]]);
		} finally {
			await client.stop();
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
