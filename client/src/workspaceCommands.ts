import { CancellationTokenSource, commands, Disposable, ProgressLocation, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import {
	EXPORT_REPORT_REQUEST, ExportReportResult, SCAN_WORKSPACE_REQUEST, ScanWorkspaceResult, WorkspaceClientCommands,
} from '../../server/src/common/workspaceProtocol';

// The two workspace commands, kept thin: the server scans and builds the report; the client only
// shows the server's work-done progress in a cancellable notification and opens the Markdown.
// The server builds that Markdown inert (server/src/markdown/inert.ts: workspace names escaped, no
// HTML, no image, links only to the workspace's own files), so the preview fetches and runs nothing.

export function registerWorkspaceCommands(current: () => LanguageClient | undefined): Disposable[] {
	return [
		commands.registerCommand(WorkspaceClientCommands.scanWorkspace, () => scanWorkspace(current())),
		commands.registerCommand(WorkspaceClientCommands.exportReport, () => exportReport(current())),
	];
}

let nextToken = 0;

async function scanWorkspace(client: LanguageClient | undefined): Promise<void> {
	if (!client?.isRunning()) {
		void window.showWarningMessage('MCP Auth Hints: the language server is not running.');
		return;
	}
	const token = `mcpAuthHints-scan-${++nextToken}`;
	const result = await window.withProgress(
		{ location: ProgressLocation.Notification, title: 'MCP Auth Hints: scanning the workspace', cancellable: true },
		async (progress, cancel) => {
			let last = 0;
			const sub = client.onProgress(WorkDoneProgress.type, token, (value) => {
				if (value.kind === 'report') {
					const percentage = value.percentage ?? last;
					progress.report({ message: value.message, increment: Math.max(0, percentage - last) });
					last = percentage;
				}
			});
			const source = new CancellationTokenSource();
			cancel.onCancellationRequested(() => source.cancel());
			try {
				return await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, { workDoneToken: token }, source.token);
			} finally {
				sub.dispose();
				source.dispose();
			}
		},
	);
	const summary = `${result.findings} findings in ${result.files} files (${result.parsed} parsed)`;
	void window.showInformationMessage(`MCP Auth Hints: ${result.cancelled ? 'scan cancelled; ' : ''}${summary}.`);
}

async function exportReport(client: LanguageClient | undefined): Promise<void> {
	if (!client?.isRunning()) {
		void window.showWarningMessage('MCP Auth Hints: the language server is not running.');
		return;
	}
	const { markdown } = await window.withProgress(
		{ location: ProgressLocation.Notification, title: 'MCP Auth Hints: building the auth API surface report' },
		() => client.sendRequest<ExportReportResult>(EXPORT_REPORT_REQUEST, {}),
	);
	const document = await workspace.openTextDocument({ language: 'markdown', content: markdown });
	await window.showTextDocument(document, { preview: false });
	await commands.executeCommand('markdown.showPreview', document.uri);
}
