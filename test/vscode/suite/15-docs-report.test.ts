// Scenario 15: documentation and the report open rendered and read-only. A diagnostic's
// documentation link opens its bundled rule page in the Markdown preview (offline, no text
// editor); "Export Auth API Surface Report" shows the report in the preview without a dirty
// buffer, and its links open the file at the line.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
	activeExtension, codeOf, log, openFixture, previewTabs, targetOf, textTabUris, tokenRange, waitFor, waitForDiagnostic, waitForPreview, workspaceFolder,
} from './helpers';

suite('15. rule pages and the report in the preview', () => {
	suiteSetup(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('a diagnostic\'s documentation link opens the bundled rule page in the preview', async () => {
		const { doc } = await openFixture('auth_server.py');
		await activeExtension();
		const d = await waitForDiagnostic(doc, 'MCP103', tokenRange(doc, /^mcp = FastMCP\(/m, 'FastMCP'));
		const target = targetOf(d);
		assert.ok(target, `${codeOf(d)} has a documentation link`);
		// What Problems and the hover do with a click on the code: open the link.
		await vscode.commands.executeCommand('vscode.open', target);
		await waitForPreview('MCP103.md');
		await waitFor('the rule page to leave no text editor', () => (textTabUris().some((u) => u.scheme === target.scheme) ? undefined : true));
		const page = await vscode.workspace.openTextDocument(target);
		assert.match(page.getText(), /^# auth-removed \(MCP103\)/, 'the bundled page, read offline');
	});

	test('the report shows in the preview, its links open the file at the line, and closing it leaves nothing dirty', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const uri = await vscode.commands.executeCommand<string>('mcpAuthHints.exportReport');
		assert.ok(uri, 'the command returns the report document');
		await waitForPreview('MCP auth API surface');
		assert.deepEqual(textTabUris().map(String), [], 'no text editor holds the report');
		const report = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
		const text = report.getText();
		log(`report:\n${text.slice(0, 600)}`);
		assert.ok(!/file:|^\|/m.test(text), 'no file: links (the preview refuses them) and no table');
		assert.match(text, /\*\*Findings:\*\* \d+ breaks?, \d+ to review, \d+ unaffected/);
		// The preview resolves links through the Markdown language server; its document links are the same.
		const links = await waitFor('document links in the report', async () => {
			const found = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', report.uri, 1000);
			return found && found.length > 0 ? found : undefined;
		});
		log(`links: ${JSON.stringify(links.slice(0, 3).map((l) => [report.getText(l.range), l.target?.toString()]))}`);
		const link = links.find((l) => /auth_server\.py#L\d+/.test(report.getText(l.range)));
		assert.ok(link, 'a link to auth_server.py');
		const line = Number(/#L(\d+)/.exec(report.getText(link.range))![1]);
		await vscode.commands.executeCommand('vscode.open', link.target);
		const editor = await waitFor('auth_server.py in the active editor', () => {
			const e = vscode.window.activeTextEditor;
			return e && e.document.uri.scheme === 'file' && e.document.uri.path.endsWith('/auth_server.py') ? e : undefined;
		});
		assert.equal(editor.document.uri.fsPath, vscode.Uri.joinPath(workspaceFolder().uri, 'auth_server.py').fsPath);
		await waitFor(`the cursor on line ${line}`, () => (editor.selection.active.line === line - 1 ? true : undefined));

		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		assert.deepEqual(previewTabs().map((t) => t.label), []);
		assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()), [], 'no dirty buffer is left');
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled'), 'no Untitled buffer');
	});
});
