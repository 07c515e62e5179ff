// Scenario 11: the palette command "MCP Auth Hints: Fix all in this file" applies this
// extension's source.fixAll.mcpAuthHints to the active editor: the safe rewrites land, the
// review-only ones (the moved port= keyword) stay.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, fixtureUri, log, ours, waitFor } from './helpers';

const SOURCE = [
	'from mcp.server.fastmcp import FastMCP, Context',
	'',
	'mcp = FastMCP("demo", port=8000)',
	'',
	'',
	'@mcp.tool()',
	'def hello(ctx: Context) -> str:',
	'    return "hi"',
	'',
].join('\n');

suite('11. fix all in this file', () => {
	test('the palette command applies the safe rewrites to the active editor', async () => {
		const pkg = vscode.extensions.getExtension('mcp-auth-hints.mcp-auth-hints')?.packageJSON as { contributes?: { commands?: { command: string; title: string; category?: string }[] } };
		const contributed = pkg?.contributes?.commands?.find((c) => c.command === 'mcpAuthHints.fixAll');
		assert.ok(contributed, 'package.json contributes mcpAuthHints.fixAll');
		assert.equal(`${contributed.category}: ${contributed.title}`, 'MCP Auth Hints: Fix all in this file');

		// A project on mcp 2, where the FastMCP rename is a safe rewrite (on mcp 1 it is a review fix
		// that this command, like a bare source.fixAll, leaves alone).
		await vscode.workspace.getConfiguration('mcpAuthHints').update('target', '2', vscode.ConfigurationTarget.Workspace);
		const uri = fixtureUri('fix_all_target.py');
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SOURCE));
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc, { preview: false });
		await activeExtension();
		await waitFor('MCP103 on fix_all_target.py', () => (ours(uri).some((d) => codeOf(d) === 'MCP103') ? true : undefined));

		await vscode.commands.executeCommand('mcpAuthHints.fixAll');
		const text = await waitFor('the file to change', () => (doc.getText() !== SOURCE ? doc.getText() : undefined));
		log(`after fix all:\n${text}`);
		assert.match(text, /^from mcp\.server\.mcpserver import MCPServer, Context$/m);
		assert.match(text, /^mcp = MCPServer\("demo", port=8000\)$/m, 'the review-only keyword move is left alone');
		assert.doesNotMatch(text, /FastMCP/);
		assert.equal(text.replace(/MCPServer/g, 'FastMCP').replace('mcp.server.mcpserver', 'mcp.server.fastmcp'), SOURCE, 'nothing else changed');
	});

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration('mcpAuthHints').update('target', undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
