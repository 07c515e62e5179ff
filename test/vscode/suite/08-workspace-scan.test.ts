// Scenario 8 (optional): findings of a file that was never opened, from a workspace scan.
// Registered only when the extension contributes the command mcpAuthHints.scanWorkspace in its
// package.json; otherwise it is registered with test.skip so the run reports it as skipped.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, fixtureUri, log, openFixture, ours, waitFor } from './helpers';

const SCAN_COMMAND = 'mcpAuthHints.scanWorkspace';

function contributesScanCommand(): boolean {
	const commands: unknown = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.contributes?.commands;
	return Array.isArray(commands) && commands.some((c) => (c as { command?: unknown })?.command === SCAN_COMMAND);
}

suite('8. workspace scan', () => {
	const title = `a closed file's findings appear after ${SCAN_COMMAND}`;
	(contributesScanCommand() ? test : test.skip)(title, async () => {
		await openFixture('auth_server.py');
		await activeExtension();
		await waitFor(`${SCAN_COMMAND} in vscode.commands.getCommands()`,
			async () => ((await vscode.commands.getCommands(true)).includes(SCAN_COMMAND) ? true : undefined));
		const closed = fixtureUri('closed_file.py');
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'closed_file.py is not open');
		await vscode.commands.executeCommand(SCAN_COMMAND);
		const d = await waitFor(`MCP101 on closed_file.py from the workspace scan`,
			() => ours(closed).find((x) => (typeof x.code === 'object' ? String(x.code.value) : String(x.code)) === 'MCP101'));
		// closed_file.py has exactly one import of TokenVerifier, on line 3.
		assert.strictEqual(d.range.start.line, 2);
		log(`closed_file.py: MCP101 at ${d.range.start.line + 1}:${d.range.start.character + 1}`);
	});
});
