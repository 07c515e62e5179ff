import { TabInputNotebook, TabInputText, TabInputTextDiff, Uri, window } from 'vscode';

// Tells the server which open documents the editor no longer shows. VS Code keeps a closed
// editor's text model (and so the document, for the language client) alive for a while, but the
// language client drops the diagnostics of a document as soon as its last tab closes, after one
// last document pull, and expects the workspace report to take over. The server still sees the
// document open and would leave it out of that report, so the file would vanish from Problems.
// The last pull is the signal: a pull for a file: document that no tab shows. Not for notebooks'
// cells (their notebook has the tab) or untitled buffers (no workspace report covers them).

export function isShownInTab(uri: Uri): boolean {
	const key = uri.toString();
	return window.tabGroups.all.some((group) => group.tabs.some((tab) => {
		const input = tab.input;
		if (input instanceof TabInputText || input instanceof TabInputNotebook) {
			return input.uri.toString() === key;
		}
		return input instanceof TabInputTextDiff && (input.modified.toString() === key || input.original.toString() === key);
	}));
}

/** Whether a document pull for `uri` is the last one of a document no tab shows. */
export function isHiddenPull(uri: Uri): boolean {
	return uri.scheme === 'file' && !isShownInTab(uri);
}
