// The core scenarios of the real-editor suite, run in VS Code's web worker extension host: the
// extension is loaded from its "browser" entry, its language server runs in a nested web worker,
// and the workspace is read through vscode.workspace.fs. Only the vscode API; no fixed sleeps.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, fixtureUri, log, openFixture, ours, tokenRange, waitFor } from '../../../vscode/suite/helpers';

export function registerScenarios(): void {
	suite('web extension in the web worker extension host', () => {
		let doc: vscode.TextDocument;

		suiteSetup(async () => {
			({ doc } = await openFixture('auth_server.py'));
		});

		test('runs from the browser entry, in a worker without node', async () => {
			const ext = vscode.extensions.getExtension(EXTENSION_ID);
			assert.ok(ext, `${EXTENSION_ID} is installed`);
			await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
			assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
			// The web worker extension host has no node process object; the node host would.
			assert.strictEqual(typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node, 'undefined');
			assert.strictEqual(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'a worker global scope');
		});

		test('diagnostics on the opened file', async () => {
			const d = await waitFor('MCP105 on ctx.client_id', () => ours(doc.uri).find((x) => codeOf(x) === 'MCP105'));
			const codes = new Set(ours(doc.uri).map(codeOf));
			for (const code of ['MCP101', 'MCP103', 'MCP104']) {
				assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
			}
			assert.strictEqual(doc.getText(d.range), 'client_id');
			log(`codes on auth_server.py: ${[...codes].sort().join(', ')}`);
		});

		test('a hover on a finding names its code', async () => {
			const range = tokenRange(doc, /\bctx\.client_id\b/, 'client_id');
			await waitFor('MCP105 on ctx.client_id', () => ours(doc.uri).find((x) => codeOf(x) === 'MCP105' && x.range.isEqual(range)));
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, range.start.translate(0, 1));
			const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
			assert.match(text, /MCP105/);
		});

		test('a quick fix applies and its finding goes', async () => {
			const range = tokenRange(doc, /^\s+json_response=/m, 'json_response');
			const d = await waitFor('MCP104 on json_response', () => ours(doc.uri).find((x) => codeOf(x) === 'MCP104' && x.range.isEqual(range)));
			// The last argument resolves lazily computed edits (codeAction/resolve), as the editor does on apply.
			const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value, 20);
			const fix = actions.find((a) => a.edit && /^MCP Auth Hints \(MCP104\): Move .*json_response/.test(a.title));
			assert.ok(fix?.edit, `a quick fix with an edit among ${actions.map((a) => a.title).join(' | ')}`);
			log(`applying "${fix.title}"`);
			assert.ok(await vscode.workspace.applyEdit(fix.edit));
			await waitFor('MCP104 on json_response to go', () => (ours(doc.uri).some((x) => codeOf(x) === 'MCP104' && doc.getText(x.range) === 'json_response') ? undefined : true));
		});

		test('a note opens from its code action', async () => {
			const d = await waitFor('MCP101', () => ours(doc.uri).find((x) => codeOf(x) === 'MCP101'));
			const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
			const open = actions.find((a) => a.command?.command === 'mcp-auth-hints.server.openNote');
			assert.ok(open?.command, `an "open note" action among ${actions.map((a) => a.title).join(' | ')}`);
			await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
			// As on the desktop: the note shows rendered in the Markdown preview, read from the
			// extension's bundled files through vscode.workspace.fs, never as an editable text editor.
			const id = String(open.command.arguments?.[0]);
			const tab = await waitFor(`a Markdown preview of ${id}.md`, () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
				.find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes(`${id}.md`)));
			const note = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'mcp-auth-hints', path: `/notes/${id}.md` }));
			assert.match(note.getText(), /^## What changed$/m);
			assert.ok(!vscode.window.visibleTextEditors.some((e) => /\/notes\/[^/]+\.md$/.test(e.document.uri.path)), 'no text editor holds the note');
			log(`note preview "${tab.label}" (${note.getText().length} characters)`);
		});

		test('the workspace scan reads a closed file through vscode.workspace.fs', async () => {
			const closed = fixtureUri('closed_file.py');
			assert.ok(!vscode.workspace.textDocuments.some((x) => x.uri.toString() === closed.toString()), 'closed_file.py is not open');
			await vscode.commands.executeCommand('mcpAuthHints.scanWorkspace');
			const d = await waitFor('MCP101 on closed_file.py', () => ours(closed).find((x) => codeOf(x) === 'MCP101'));
			assert.strictEqual(d.range.start.line, 2);
			log(`closed_file.py: MCP101 at ${d.range.start.line + 1}:${d.range.start.character + 1}`);
		});
	});
}
