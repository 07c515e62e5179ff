import { CodeAction, CodeActionKind, commands, Range, window, workspace } from 'vscode';
import { FIX_ALL_CODE_ACTION_KIND } from '../../server/src/common/protocol';

// The palette command "MCP Auth Hints: Fix all in this file". Not for choosing the rewrites: the
// server computes this extension's source.fixAll kind, exactly as on save.

/**
 * "Fix all in this file": asks the providers for this extension's fix-all kind only (the server
 * computes it, as on save) and applies it, so other tools' fix-alls are never run by our command.
 */
export async function fixAllInActiveEditor(): Promise<void> {
	const editor = window.activeTextEditor;
	if (!editor) {
		void window.showInformationMessage('MCP Auth Hints: open a Python file to fix.');
		return;
	}
	const document = editor.document;
	const whole = new Range(document.positionAt(0), document.positionAt(document.getText().length));
	const kind = CodeActionKind.Empty.append(FIX_ALL_CODE_ACTION_KIND);
	const actions = await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, kind.value);
	const ours = (actions ?? []).filter((a) => a.kind?.value === kind.value && (a.edit || a.command));
	if (ours.length === 0) {
		void window.showInformationMessage('MCP Auth Hints: nothing to fix automatically in this file.');
		return;
	}
	for (const action of ours) {
		if (action.edit && !(await workspace.applyEdit(action.edit))) {
			void window.showWarningMessage('MCP Auth Hints: the file changed while fixing; run the command again.');
			return;
		}
		if (action.command) {
			await commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
		}
	}
}
