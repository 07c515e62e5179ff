// Scenario 6: a Jupyter notebook's code cell gets the same findings as a .py file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, log, tokenRange, waitForDiagnostic } from './helpers';

suite('6. notebook cells', () => {
	test('MCP101 on TokenVerifier in a code cell of notebook.ipynb', async () => {
		const notebook = await vscode.workspace.openNotebookDocument(fixtureUri('notebook.ipynb'));
		await vscode.window.showNotebookDocument(notebook);
		await activeExtension();
		const cell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code
			&& c.document.getText().includes('from mcp.server.auth.provider import TokenVerifier'));
		assert.ok(cell, 'a code cell importing TokenVerifier');
		assert.strictEqual(cell.document.uri.scheme, 'vscode-notebook-cell');
		assert.strictEqual(cell.document.languageId, 'python');
		const range = tokenRange(cell.document, /^from mcp\.server\.auth\.provider import .*$/m, 'TokenVerifier');
		const d = await waitForDiagnostic(cell.document, 'MCP101', range);
		log(`notebook cell ${cell.document.uri.toString()}: MCP101 ${d.message.split('\n')[0]}`);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
