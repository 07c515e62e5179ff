// Scenario 10: the extension's hover at `FastMCP(` adds what VS Code's diagnostic hover lacks
// (verdict, V2 target, note summary, note and guide links) and does not repeat the messages.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, log, openFixture, ours, tokenRange, waitFor, waitForDiagnostic } from './helpers';

/** Text of a hover part, Markdown escapes removed (the server escapes every punctuation mark). */
function plain(part: vscode.MarkdownString | vscode.MarkedString): string {
	const value = typeof part === 'string' ? part : part.value;
	return value.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/\s+/g, ' ');
}

suite('10. hover', () => {
	test('shows verdict, target, note summary and links, never the diagnostic message', async () => {
		const { doc } = await openFixture('auth_server.py');
		await activeExtension();
		const callee = tokenRange(doc, /^mcp = FastMCP\(/m, 'FastMCP');
		await waitForDiagnostic(doc, 'MCP103', callee);
		const hovers = await waitFor('a hover of ours at FastMCP(', async () => {
			const all = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, callee.start.translate(0, 2));
			return all?.some((h) => h.contents.some((c) => plain(c).includes('MCP103'))) ? all : undefined;
		});
		const text = hovers.flatMap((h) => h.contents.map(plain)).join('\n');
		log(`hover: ${text.slice(0, 400)}`);
		assert.match(text, /\*\*MCP103\*\* · renamed in V2/);
		assert.match(text, /V2: `mcp\.server\.mcpserver\.MCPServer`/);
		// The note link runs the one command that shows the bundled note in the preview.
		assert.match(text, /\[Open note\]\(command:mcpAuthHints\.openNote\?%5B%22fastmcp-renamed%22%5D\)/);
		const trusted = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string' && 'isTrusted' in c && c.isTrusted !== undefined && c.isTrusted !== false);
		for (const md of trusted) {
			assert.deepEqual(md.isTrusted, { enabledCommands: ['mcpAuthHints.openNote'] }, 'trusted for the note command only');
		}
		assert.match(text, /\[Migration guide\]\(https:\/\//);
		// The note's summary (its opening words), not the message VS Code already shows above.
		assert.match(text, /V2 renames `FastMCP` to `MCPServer`/);
		const messages = ours(doc.uri).filter((d) => d.range.intersection(callee) && (codeOf(d) === 'MCP103' || codeOf(d) === 'MCP104')).map((d) => d.message);
		assert.ok(messages.length >= 1);
		for (const message of messages) {
			assert.ok(!text.includes(message.replace(/\s+/g, ' ')), `the hover repeats ${JSON.stringify(message)}`);
		}
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
