import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import type { CodeAction, Diagnostic, MarkupContent, Range, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { LspClient, REPO_ROOT } from '../helpers/lspClient';
import { applyEdits, AUTH_SERVER, rangeIn, rangeOf } from '../helpers/text';

function firstParagraphUnderWhatChanged(noteId: string): string {
	const text = fs.readFileSync(path.join(REPO_ROOT, 'server', 'notes', `${noteId}.md`), 'utf8');
	const section = text.split(/^## What changed\s*$/m)[1];
	return section.trim().split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}

/** What a reader sees of some Markdown: the rendered text, tags stripped, whitespace collapsed. */
function textOf(markdown: string): string {
	return new MarkdownIt().render(markdown).replace(/<[^>]*>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** The text edits of a code action (our actions carry one TextDocumentEdit). */
function editsOf(action: CodeAction): TextEdit[] {
	const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
	assert.ok(change, `${action.title} has no edit`);
	return change.edits.filter((e): e is TextEdit => 'newText' in e);
}

/** The same edits as didChange content changes. */
function asChanges(action: CodeAction): { range: Range; text: string }[] {
	return editsOf(action).map((e) => ({ range: e.range, text: e.newText }));
}

describe('hover', () => {
	let client: LspClient;
	let uri: string;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0, target: '2' } });
		uri = client.uri('hover.py');
		client.open(uri, AUTH_SERVER);
	});
	after(() => client.stop());

	it('shows the verdict, the V2 target, the note summary and links, never the message', async () => {
		const range = rangeIn(AUTH_SERVER, 'mcp = FastMCP(', 'FastMCP');
		const hover = await client.hover(uri, { line: range.start.line, character: range.start.character + 2 });
		assert.ok(hover);
		const contents = hover.contents as MarkupContent;
		assert.equal(contents.kind, 'markdown');
		assert.match(contents.value, /\*\*MCP103\*\* · renamed in V2 · `mcp\.server\.fastmcp\.server\.FastMCP`/);
		assert.match(contents.value, /MCPServer in V2/, 'the entry\'s long explanation (the finding\'s detail)');
		assert.match(contents.value, /^V2: `mcp\.server\.mcpserver\.MCPServer`$/m);
		// VS Code's diagnostic hover already shows each message right above ours.
		const shown = textOf(contents.value);
		const messages = (await client.diagnostics(uri)).filter((d) => d.range.start.line === range.start.line).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
		assert.ok(messages.length >= 2, 'the callee and the moved port= keyword');
		for (const message of messages) {
			assert.ok(!shown.includes(textOf(message)), `hover repeats the message ${JSON.stringify(message)}:\n${contents.value}`);
		}
		// Links: the bundled note (a file of the extension) and the upstream guide.
		const note = /\[Open note\]\(([^)]+)\)/.exec(contents.value);
		assert.ok(note, contents.value);
		assert.equal(fileURLToPath(note[1]), path.join(REPO_ROOT, 'dist', 'notes', 'fastmcp-renamed.md'));
		assert.match(contents.value, /\[Migration guide\]\(https:\/\/py\.sdk\.modelcontextprotocol\.io\/migration\/[^)]*\)/);
		// The note's summary, with its code spans intact (FastMCP → MCPServer). The hover's Markdown
		// is escaped by the shared sanitizer, so compare what a renderer shows.
		const md = new MarkdownIt();
		const summary = md.render(firstParagraphUnderWhatChanged('fastmcp-renamed'));
		assert.ok(md.render(contents.value).includes(summary), `hover lacks the note summary:\n${contents.value}`);
		assert.deepEqual(hover.range, range);
	});

	it('never carries HTML or command links', async () => {
		const range = rangeOf(AUTH_SERVER, 'client_id');
		const hover = await client.hover(uri, range.start);
		const value = (hover?.contents as MarkupContent).value;
		assert.match(value, /\*\*MCP105\*\*/);
		assert.doesNotMatch(value, /command:/);
		assert.doesNotMatch(value, /(^|[^\\])</);
	});

	it('returns null away from any finding', async () => {
		assert.equal(await client.hover(uri, { line: 6, character: 10 }), null);
	});
});

describe('code actions', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0, target: '2' } });
	});
	after(() => client.stop());

	async function openWithDiagnostic(name: string, code: string, at: ReturnType<typeof rangeOf>) {
		const uri = client.uri(name);
		client.open(uri, AUTH_SERVER);
		const diagnostics = await client.diagnostics(uri);
		const diagnostic = diagnostics.find((d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(at));
		assert.ok(diagnostic, `no ${code} at ${JSON.stringify(at)}`);
		return { uri, diagnostic, diagnostics };
	}

	it('offers the rewrite, note, guide, line and file suppression, settings, then fix-all, in that order', async () => {
		const at = rangeOf(AUTH_SERVER, 'client_id');
		const { uri, diagnostic } = await openWithDiagnostic('order.py', 'MCP105', at);
		const all = await client.codeActions(uri, at, [diagnostic]);
		assert.equal(all[0].title, 'MCP Auth Hints (MCP105): Replace with `get_access_token().client_id` (review)');
		assert.equal(all.at(-1)!.title, 'Fix all safe MCP V2 rewrites in this file');
		const actions = all.slice(1, -1);
		assert.ok(all.every((a) => a.kind === 'quickfix'));
		assert.deepEqual(actions.map((a) => a.title), [
			'MCP Auth Hints (MCP105): Open V2 note',
			'MCP Auth Hints (MCP105): Open the upstream migration guide',
			'MCP Auth Hints (MCP105): Suppress on this line',
			'MCP Auth Hints (MCP105): Suppress in this file',
			'MCP Auth Hints (MCP105): Disable rule in settings',
		]);
		assert.ok(actions.every((a) => a.kind === 'quickfix'));
		assert.deepEqual(actions[0].command?.arguments, ['context-client-id']);
		assert.equal(actions[0].command?.command, 'mcp-auth-hints.server.openNote');
		assert.equal(actions[1].command?.command, 'mcp-auth-hints.server.openLink');
		assert.deepEqual(actions[1].command?.arguments, [diagnostic.codeDescription?.href]);
		assert.deepEqual(actions[4].command, { title: 'MCP Auth Hints (MCP105): Disable rule in settings', command: 'mcpAuthHints.disableRule', arguments: ['MCP105'] });
	});

	it('suppresses on the line: the edit adds "# noqa" and the diagnostic is gone after re-analysis', async () => {
		const at = rangeOf(AUTH_SERVER, 'client_id');
		const { uri, diagnostic } = await openWithDiagnostic('noqa.py', 'MCP105', at);
		const actions = await client.codeActions(uri, at, [diagnostic]);
		const suppress = actions.find((a) => a.title === 'MCP Auth Hints (MCP105): Suppress on this line')!;
		const change = suppress.edit!.documentChanges![0] as TextDocumentEdit;
		assert.deepEqual(change.textDocument, { uri, version: 1 });
		const text = applyEdits(AUTH_SERVER, editsOf(suppress));
		assert.match(text, /return ctx\.client_id\s+# noqa: MCP105\n/);

		client.change(uri, 2, asChanges(suppress));
		const after = await client.diagnostics(uri);
		assert.equal(after.filter((d) => d.code === 'MCP105').length, 0);
		assert.ok(after.some((d) => d.code === 'MCP104'), 'other findings stay');
	});

	it('suppresses in the file: every diagnostic of that code disappears', async () => {
		const at = rangeOf(AUTH_SERVER, 'TokenVerifier');
		const { uri, diagnostic, diagnostics } = await openWithDiagnostic('file.py', 'MCP101', at);
		assert.ok(diagnostics.filter((d) => d.code === 'MCP101').length > 1);
		const actions = await client.codeActions(uri, at, [diagnostic]);
		const suppress = actions.find((a) => a.title === 'MCP Auth Hints (MCP101): Suppress in this file')!;
		assert.match(applyEdits(AUTH_SERVER, editsOf(suppress)), /# mcp-auth-hints: disable=MCP101/);
		client.change(uri, 2, asChanges(suppress));
		const after = await client.diagnostics(uri);
		assert.equal(after.filter((d) => d.code === 'MCP101').length, 0);
		assert.ok(after.some((d) => d.code === 'MCP103'));
	});

	it('offers no edit for a diagnostic from an older version of the document', async () => {
		const at = rangeOf(AUTH_SERVER, 'client_id');
		const { uri, diagnostic } = await openWithDiagnostic('stale.py', 'MCP105', at);
		client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
		const actions = await client.codeActions(uri, at, [diagnostic]);
		assert.deepEqual(actions.filter((a) => a.edit).map((a) => a.title), []);
		assert.ok(actions.some((a) => a.title === 'MCP Auth Hints (MCP105): Open V2 note'));
	});

	it('merges identical actions of several diagnostics on one import line', async () => {
		const line = rangeOf(AUTH_SERVER, 'from mcp.server.auth.provider import AccessToken, TokenVerifier');
		const { uri, diagnostics } = await openWithDiagnostic('merge.py', 'MCP101', rangeOf(AUTH_SERVER, 'AccessToken'));
		const onLine = diagnostics.filter((d) => d.range.start.line === line.start.line);
		assert.equal(onLine.length, 2);
		const actions = await client.codeActions(uri, line, onLine);
		assert.equal(actions.filter((a) => a.title === 'MCP Auth Hints (MCP101): Suppress on this line').length, 1);
		assert.equal(actions.filter((a) => a.title === 'MCP Auth Hints (MCP101): Disable rule in settings').length, 1);
	});

	/** Our diagnostics under the cursor (what VS Code sends for a caret inside `FastMCP(`). */
	async function atFastMcpCall(name: string) {
		// A selection from the callee to the moved port= keyword: the callee's MCP103 and the keyword's MCP104.
		const callee = rangeIn(AUTH_SERVER, 'mcp = FastMCP(', 'FastMCP');
		const port = rangeIn(AUTH_SERVER, 'port=8000', 'port');
		const caret = { line: callee.start.line, character: callee.start.character + 2 };
		const uri = client.uri(name);
		client.open(uri, AUTH_SERVER);
		const under = (await client.diagnostics(uri)).filter((d) => d.range.start.line === caret.line
			&& d.range.start.character <= port.end.character && d.range.end.character >= caret.character);
		return { uri, caret, under, actions: await client.codeActions(uri, { start: caret, end: port.end }, under) };
	}

	it('at a FastMCP( line: the fix first, documentation per code, one suppress family, disable once per code', async () => {
		const { under, actions } = await atFastMcpCall('menu.py');
		assert.deepEqual(under.map((d) => d.code).sort(), ['MCP103', 'MCP104', 'MCP107']);
		assert.deepEqual(actions.map((a) => a.title), [
			'MCP Auth Hints (MCP103): Replace with `MCPServer`',
			'MCP Auth Hints (MCP103): Open V2 note',
			'MCP Auth Hints (MCP103): Open the upstream migration guide',
			'MCP Auth Hints (MCP107): Open V2 note',
			'MCP Auth Hints (MCP107): Open the upstream migration guide',
			'MCP Auth Hints (MCP104): Open V2 note',
			'MCP Auth Hints (MCP104): Open the upstream migration guide',
			'MCP Auth Hints (MCP103, MCP104, MCP107): Suppress on this line',
			'MCP Auth Hints (MCP103, MCP104, MCP107): Suppress in this file',
			'MCP Auth Hints (MCP103): Disable rule in settings',
			'MCP Auth Hints (MCP107): Disable rule in settings',
			'MCP Auth Hints (MCP104): Disable rule in settings',
			'Fix all safe MCP V2 rewrites in this file',
		]);
		assert.equal(actions[0].isPreferred, true);
	});

	it('suppresses every code of the line with one comment, and all its findings go', async () => {
		const { uri, caret, actions } = await atFastMcpCall('both.py');
		const line = actions.find((a) => a.title === 'MCP Auth Hints (MCP103, MCP104, MCP107): Suppress on this line')!;
		assert.equal(line.diagnostics?.length, 3);
		assert.match(applyEdits(AUTH_SERVER, editsOf(line)), /^mcp = FastMCP\(.*\)  # noqa: MCP103, MCP104, MCP107$/m);
		const file = actions.find((a) => a.title === 'MCP Auth Hints (MCP103, MCP104, MCP107): Suppress in this file')!;
		assert.match(applyEdits(AUTH_SERVER, editsOf(file)), /^# mcp-auth-hints: disable=MCP103,MCP104,MCP107$/m);
		client.change(uri, 2, asChanges(line));
		const after = await client.diagnostics(uri);
		assert.deepEqual(after.filter((d) => d.range.start.line === caret.line).map((d) => d.code), []);
		assert.ok(after.some((d) => d.code === 'MCP103'), 'the import line keeps its MCP103');
	});

	it('ignores diagnostics from other sources', async () => {
		const foreign: Diagnostic = { range: rangeOf(AUTH_SERVER, 'mcp'), message: 'x', source: 'pylint', code: 'MCP101', data: { code: 'MCP101', version: 1, fixes: [] } };
		assert.deepEqual(await client.codeActions(client.uri(), foreign.range, [foreign]), []);
	});

	it('opens the bundled note through window/showDocument', async () => {
		await client.executeCommand('mcp-auth-hints.server.openNote', ['context-client-id']);
		const shown = client.shownDocuments.at(-1);
		assert.ok(shown);
		assert.equal(shown.takeFocus, true);
		assert.equal(fileURLToPath(shown.uri), path.join(REPO_ROOT, 'dist', 'notes', 'context-client-id.md'));
	});

	it('opens only https links the server itself produced, externally', async () => {
		const at = rangeOf(AUTH_SERVER, 'client_id');
		const { diagnostic } = await openWithDiagnostic('links.py', 'MCP105', at);
		const before = client.shownDocuments.length;
		await client.executeCommand('mcp-auth-hints.server.openLink', ['https://evil.example/phish']);
		await client.executeCommand('mcp-auth-hints.server.openNote', ['../../package']);
		assert.equal(client.shownDocuments.length, before);
		await client.executeCommand('mcp-auth-hints.server.openLink', [diagnostic.codeDescription!.href]);
		assert.deepEqual(client.shownDocuments.at(-1), { uri: diagnostic.codeDescription!.href, external: true });
	});
});

describe('code action settings', () => {
	it('hides the documentation and comment actions when they are turned off', async () => {
		const client = await LspClient.start({
			settings: { target: '2', codeAction: { showDocumentation: { enable: false }, disableRuleComment: { enable: false } } },
		});
		try {
			const uri = client.uri('off.py');
			client.open(uri, AUTH_SERVER);
			const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'MCP105')!;
			const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
			assert.deepEqual(actions.map((a) => a.title), [
				'MCP Auth Hints (MCP105): Replace with `get_access_token().client_id` (review)',
				'MCP Auth Hints (MCP105): Disable rule in settings',
				'Fix all safe MCP V2 rewrites in this file',
			]);
		} finally {
			await client.stop();
		}
	});
});
