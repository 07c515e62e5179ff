// Scenario 13 (issue 18): a quick fix never lowers the count of breaks left in the file unless it
// fixed them. Renaming FastMCP to MCPServer fixes the import's break, and the transport keywords
// that MCPServer(...) still rejects stay flagged, as Warnings, on the renamed call.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeActionsAt, codeOf, fixtureUri, log, ours, runAction, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

const SOURCE = [
	'from mcp.server.fastmcp import FastMCP',
	'',
	'h = "0.0.0.0"',
	'mcp = FastMCP("x", host=h, port=8000)',
	'',
].join('\n');

/** Breaks: our Warnings and Errors, by code. */
function breaks(uri: vscode.Uri): Map<string, number> {
	const out = new Map<string, number>();
	for (const d of ours(uri)) {
		if (d.severity === vscode.DiagnosticSeverity.Warning || d.severity === vscode.DiagnosticSeverity.Error) {
			out.set(codeOf(d) ?? '', (out.get(codeOf(d) ?? '') ?? 0) + 1);
		}
	}
	return out;
}

suite('13. a fix keeps the breaks it does not fix', () => {
	test('"Replace with `MCPServer`" leaves host= and port= flagged on MCPServer(...)', async () => {
		const uri = fixtureUri('fix_keeps_breaks.py');
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SOURCE));
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc, { preview: false });
		await activeExtension();
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /FastMCP\("x", host=/, 'host'));
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /port=8000/, 'port'));
		const before = breaks(uri);
		log(`breaks before: ${JSON.stringify([...before])}`);
		assert.equal(before.get('MCP104'), 2, summary(doc));

		const callee = tokenRange(doc, /^mcp = FastMCP\(/m, 'FastMCP');
		const rename = (await codeActionsAt(uri, callee)).find((a) => /Replace with `MCPServer`/.test(a.title));
		assert.ok(rename, 'the rename quick fix is offered');
		await runAction(rename);
		await waitFor('the rename to land', () => (/MCPServer\("x", host=h, port=8000\)/.test(doc.getText()) ? true : undefined));
		const after = await waitFor(() => `MCP104 to be re-reported on MCPServer(...); have ${summary(doc)}`, () => {
			const now = breaks(uri);
			return ours(uri).some((d) => codeOf(d) === 'MCP103' && d.severity !== vscode.DiagnosticSeverity.Hint) ? undefined : now.get('MCP104') === 2 ? now : undefined;
		});
		log(`breaks after: ${JSON.stringify([...after])}`);
		for (const [code, n] of before) {
			if (code !== 'MCP103') {
				assert.ok((after.get(code) ?? 0) >= n, `${code}: ${n} before the fix, ${after.get(code) ?? 0} after`);
			}
		}
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.delete(fixtureUri('fix_keeps_breaks.py'));
	});
});
