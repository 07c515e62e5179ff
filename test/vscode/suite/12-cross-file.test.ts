// Scenario 12: a cross-file flow in the real editor. worker.py's `self.session` is typed by an
// annotation in base.py; editing base.py (unsaved) re-checks the open worker.py, no restart.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, log, openFixture, ours, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

suite('12. cross-file flows', () => {
	test('editing the base class in another file updates the subclass file', async () => {
		const { doc: worker } = await openFixture('crossfile/worker.py');
		await activeExtension();
		const call = tokenRange(worker, /self\.session\.read_resource\(AnyUrl\("file:\/\/\/a"\)\)/, 'AnyUrl("file:///a")');
		await waitForDiagnostic(worker, 'MCP202', call);
		log(`worker.py before: ${summary(worker)}`);

		const { doc: base, editor } = await openFixture('crossfile/base.py');
		const annotation = tokenRange(base, /session: ClientSession/, 'ClientSession');
		const edited = await editor.edit((b) => b.replace(annotation, 'object'));
		assert.ok(edited, 'the edit of base.py applied');
		try {
			await waitFor(() => `MCP202 to leave worker.py once base.py no longer says ClientSession; have ${summary(worker)}`,
				() => (ours(worker.uri).some((d) => codeOf(d) === 'MCP202') ? undefined : true));
			log(`worker.py after: ${summary(worker)}`);
		} finally {
			// Leave the fixture as it was on disk (the edit was never saved).
			await vscode.window.showTextDocument(base);
			await vscode.commands.executeCommand('workbench.action.files.revert');
		}
		await waitForDiagnostic(worker, 'MCP202', call);
	});
});
