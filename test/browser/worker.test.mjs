// The language server's web worker bundle in a real browser (headless Chromium), speaking LSP over
// postMessage: the parser loads from the bytes the client posts, the notes are bundled, and the
// workspace is read through the web protocol's file requests (answered by the test page from an
// in-memory folder under a non-file URI, as github.dev's vscode-vfs: folders are).
//
//   npm run build && node --test test/browser/worker.test.mjs
//
// NOT the run inside VS Code's web extension host (web-host.mjs); this one needs no VS Code.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codeOf, openPage, REPO_ROOT } from './harness.mjs';

const FOLDER = 'vscode-vfs://github/acme/weather';
const fixture = (name) => readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'vscode-workspace', name), 'utf8');
const AUTH_SERVER = fixture('auth_server.py');
const FILES = {
	[`${FOLDER}/auth_server.py`]: AUTH_SERVER,
	[`${FOLDER}/closed_file.py`]: fixture('closed_file.py'),
	[`${FOLDER}/pyproject.toml`]: '[project]\nname = "weather"\nversion = "0.1.0"\ndependencies = ["mcp>=1.9"]\n',
	[`${FOLDER}/unrelated.py`]: 'print("no sdk here")\n',
};
const OPEN_URI = `${FOLDER}/auth_server.py`;

/** Line and character of the first `token` on the first line matching `anchor`. */
function positionOf(text, anchor, token) {
	const lines = text.split('\n');
	const line = lines.findIndex((l) => anchor.test(l));
	assert.ok(line >= 0, `no line matches ${anchor}`);
	return { line, character: lines[line].indexOf(token) };
}

describe('web worker server in Chromium (LSP over postMessage)', () => {
	let session;
	let page;
	let diagnostics;

	before(async () => {
		session = await openPage();
		page = session.page;
		const { init } = await page.evaluate((ws) => window.lsp.start(ws), { folder: FOLDER, files: FILES });
		assert.ok(init.capabilities.diagnosticProvider, 'the server offers pull diagnostics');
		await page.evaluate(({ uri, text }) => window.lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } }), { uri: OPEN_URI, text: AUTH_SERVER });
		const report = await page.evaluate((uri) => window.lsp.request('textDocument/diagnostic', { textDocument: { uri } }), OPEN_URI);
		diagnostics = report.items;
	});

	after(async () => {
		await session?.close();
	});

	it('reports the open file\'s findings with their codes and rule links', () => {
		const codes = new Set(diagnostics.map(codeOf));
		for (const code of ['MCP101', 'MCP103', 'MCP104', 'MCP105']) {
			assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
		}
		const host = diagnostics.find((d) => codeOf(d) === 'MCP104' && d.range.start.line === positionOf(AUTH_SERVER, /^\s+host=/, 'host').line);
		assert.ok(host, 'MCP104 on host=');
		assert.equal(host.source, 'mcp-auth-hints');
		assert.match(host.codeDescription.href, /^https:\/\//);
	});

	it('offers a quick fix with an edit of the open document', async () => {
		const d = diagnostics.find((x) => codeOf(x) === 'MCP104');
		const actions = await page.evaluate(({ uri, d }) => window.lsp.request('textDocument/codeAction', {
			textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
		}), { uri: OPEN_URI, d });
		const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
		assert.ok(fix, `a quick fix with an edit among ${actions.map((a) => a.title).join(' | ')}`);
		const edits = fix.edit.documentChanges ?? Object.entries(fix.edit.changes).map(([uri, e]) => ({ textDocument: { uri }, edits: e }));
		assert.ok(edits.some((c) => c.textDocument.uri === OPEN_URI), 'the edit changes the open document');
	});

	it('opens a bundled note: showDocument on the note scheme, and its Markdown on request', async () => {
		const d = diagnostics.find((x) => codeOf(x) === 'MCP101');
		const actions = await page.evaluate(({ uri, d }) => window.lsp.request('textDocument/codeAction', {
			textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
		}), { uri: OPEN_URI, d });
		const open = actions.find((a) => a.command?.command === 'mcp-auth-hints.server.openNote');
		assert.ok(open, `an "open note" action among ${actions.map((a) => a.title).join(' | ')}`);
		await page.evaluate((command) => window.lsp.request('workspace/executeCommand', command), open.command);
		const shown = await page.evaluate(() => window.lsp.serverRequests.filter((r) => r.method === 'window/showDocument').map((r) => r.params.uri));
		const noteId = open.command.arguments[0];
		assert.deepEqual(shown, [`mcp-auth-hints-note:/${noteId}.md`]);
		const markdown = await page.evaluate((id) => window.lsp.request('mcpAuthHints/noteText', id), noteId);
		assert.match(markdown, /^## What changed$/m);
		assert.equal(await page.evaluate(() => window.lsp.request('mcpAuthHints/noteText', '../../etc/passwd')), null);
	});

	it('hovers a finding with the note\'s summary', async () => {
		const hover = await page.evaluate(({ uri, position }) => window.lsp.request('textDocument/hover', { textDocument: { uri }, position }),
			{ uri: OPEN_URI, position: positionOf(AUTH_SERVER, /^\s+host=/, 'host') });
		assert.ok(hover, 'a hover on host=');
		assert.match(JSON.stringify(hover.contents), /MCP104/);
	});

	it('scans the workspace through the client\'s file requests, with the closed file\'s findings', async () => {
		const result = await page.evaluate(() => window.lsp.request('mcpAuthHints/scanWorkspace', { workDoneToken: 'scan-1' }));
		assert.equal(result.cancelled, false);
		assert.equal(result.files, Object.keys(FILES).length);
		const report = await page.evaluate(() => window.lsp.request('workspace/diagnostic', { previousResultIds: [] }));
		const closed = report.items.find((i) => i.uri === `${FOLDER}/closed_file.py`);
		assert.ok(closed, `closed_file.py in ${report.items.map((i) => i.uri).join(', ')}`);
		const mcp101 = closed.items.find((d) => codeOf(d) === 'MCP101');
		assert.equal(mcp101?.range.start.line, 2, 'MCP101 on the import of line 3');
		assert.ok(!report.items.some((i) => i.uri === OPEN_URI && i.items.length > 0), 'the open file is left to its document pull');
		const asked = await page.evaluate(() => window.lsp.serverRequests.map((r) => r.method));
		assert.ok(asked.includes('mcpAuthHints/findFiles') && asked.includes('mcpAuthHints/readFile'), asked.join(', '));
		const progress = await page.evaluate(() => window.lsp.notifications.filter((n) => n.method === '$/progress' && n.params.token === 'scan-1').map((n) => n.params.value.kind));
		assert.deepEqual([progress[0], progress.at(-1)], ['begin', 'end']);
	});

	it('stops a scan that is cancelled while it reads, and says so', async () => {
		const more = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${FOLDER}/pkg/module_${i}.py`, 'from mcp.server.auth.provider import TokenVerifier\n']));
		const outcome = await page.evaluate(async (more) => {
			window.lsp.addFiles(more);
			const before = window.lsp.serverRequests.length;
			window.lsp.holdReads();
			const scan = window.lsp.send('mcpAuthHints/scanWorkspace', {});
			while (!window.lsp.serverRequests.slice(before).some((r) => r.method === 'mcpAuthHints/readFile')) {
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			window.lsp.notify('$/cancelRequest', { id: scan.id });
			// Let the cancellation reach the worker before the held reads are answered.
			await new Promise((resolve) => setTimeout(resolve, 100));
			window.lsp.releaseReads();
			const result = await scan.result;
			return { result, reads: window.lsp.serverRequests.slice(before).filter((r) => r.method === 'mcpAuthHints/readFile').length };
		}, more);
		assert.equal(outcome.result.cancelled, true);
		const total = Object.keys(FILES).length + Object.keys(more).length;
		assert.ok(outcome.reads < total, `${outcome.reads} of ${total} files read: the scan stopped starting new reads`);
	});

	it('leaves a large workspace to the Scan Workspace command instead of reading it unasked', async () => {
		const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${FOLDER}/big/m${i}.py`, 'x = 1\n']));
		const outcome = await page.evaluate(async ({ many, uri }) => {
			window.lsp.addFiles(many);
			const before = window.lsp.serverRequests.length;
			window.lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
			const report = await window.lsp.request('workspace/diagnostic', { previousResultIds: [] });
			return {
				items: report.items.length,
				reads: window.lsp.serverRequests.slice(before).filter((r) => r.method === 'mcpAuthHints/readFile').length,
				hint: window.lsp.notifications.some((n) => n.method === 'window/logMessage' && /Scan Workspace/.test(n.params.message)),
			};
		}, { many, uri: `${FOLDER}/big/m0.py` });
		assert.equal(outcome.reads, 0);
		assert.ok(outcome.hint, 'the output says how to scan');
		assert.ok(outcome.items > 0, 'the findings of the last scan are still reported');
	});

	it('ran without errors in the page or the worker', () => {
		assert.deepEqual(session.errors, []);
	});
});

describe('web bundles', () => {
	it('load no node module: the worker requires nothing, the client only vscode', () => {
		// Comment lines (a library's usage examples) are not code.
		const code = (rel) => readFileSync(path.join(REPO_ROOT, rel), 'utf8').split('\n').filter((l) => !/^\s*(\*|\/\/)/.test(l)).join('\n');
		const required = (rel) => [...code(rel).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
		assert.deepEqual(required('dist/web/server.js'), []);
		assert.deepEqual([...new Set(required('dist/web/extension.js'))], ['vscode']);
	});
});
