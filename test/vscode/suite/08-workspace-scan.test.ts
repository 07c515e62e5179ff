// Scenario 8: what closed files report follows mcpAuthHints.workspaceScope. By default
// (breaksInWorkspace) a closed file shows only its breaks, so closed_file.py, whose one finding is
// an Information (MCP101 on TokenVerifier), shows nothing; with `everything` the MCP101 appears.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, fixtureUri, log, openFixture, ours, waitFor } from './helpers';

const SCAN_COMMAND = 'mcpAuthHints.scanWorkspace';

suite('8. workspace scope', () => {
	const config = () => vscode.workspace.getConfiguration('mcpAuthHints');

	test('closed files show breaks only by default, every finding with workspaceScope = everything', async () => {
		await openFixture('auth_server.py');
		await activeExtension();
		const closed = fixtureUri('closed_file.py');
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'closed_file.py is not open');
		assert.equal(config().get('workspaceScope'), 'breaksInWorkspace', 'the default scope');
		const result = await vscode.commands.executeCommand<{ counts: { review: number } }>(SCAN_COMMAND);
		assert.ok(result && result.counts.review > 0, `the scan counts the Information findings: ${JSON.stringify(result)}`);
		assert.deepEqual(ours(closed).map(codeOf), [], 'no Information on a closed file by default');

		await config().update('workspaceScope', 'everything', vscode.ConfigurationTarget.Workspace);
		const d = await waitFor('MCP101 on closed_file.py with workspaceScope = everything',
			() => ours(closed).find((x) => codeOf(x) === 'MCP101'));
		// closed_file.py has exactly one import of TokenVerifier, on line 3.
		assert.strictEqual(d.range.start.line, 2);
		log(`closed_file.py: MCP101 at ${d.range.start.line + 1}:${d.range.start.character + 1}`);

		await config().update('workspaceScope', 'openFilesOnly', vscode.ConfigurationTarget.Workspace);
		await waitFor('closed_file.py to report nothing with openFilesOnly', () => (ours(closed).length === 0 ? true : undefined));
	});

	suiteTeardown(async () => {
		await config().update('workspaceScope', undefined, vscode.ConfigurationTarget.Workspace);
	});
});
