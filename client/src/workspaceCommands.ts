import { CancellationTokenSource, commands, Disposable, ProgressLocation, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import {
	EXPORT_REPORT_REQUEST, ExportReportResult, SCAN_WORKSPACE_REQUEST, ScanWorkspaceResult, WorkspaceClientCommands,
} from '../../server/src/common/workspaceProtocol';

import { ReadOnlyDocs, showPreview } from './docs';

// The two workspace commands, kept thin: the server scans and builds the report; the client only
// shows the server's work-done progress in a cancellable notification, says the counts by verdict
// (the CLI's and the Problems panel's figures) and shows the report in the Markdown preview of a
// read-only document, so closing it never asks to save. The server builds that Markdown inert
// (server/src/markdown/inert.ts: workspace names escaped, no HTML, no image, links only to the
// workspace's own files as `/`-rooted paths), so the preview fetches and runs nothing.

export function registerWorkspaceCommands(current: () => LanguageClient | undefined, docs: ReadOnlyDocs): Disposable[] {
	return [
		commands.registerCommand(WorkspaceClientCommands.scanWorkspace, () => scanWorkspace(current())),
		commands.registerCommand(WorkspaceClientCommands.exportReport, () => exportReport(current(), docs)),
	];
}

/** What the toast says after a scan; also the command's result (the real-editor tests read it). */
export interface ScanSummary extends ScanWorkspaceResult {
	message: string;
}

export function scanMessage(result: ScanWorkspaceResult): string {
	const { breaks, review, unaffected } = result.counts;
	return `MCP Auth Hints: ${result.cancelled ? 'scan cancelled; ' : ''}${breaks} ${breaks === 1 ? 'break' : 'breaks'}, ${review} to review, `
		+ `${unaffected} unaffected in ${result.files} ${result.files === 1 ? 'file' : 'files'}.`;
}

let nextToken = 0;

async function scanWorkspace(client: LanguageClient | undefined): Promise<ScanSummary | undefined> {
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
	const message = scanMessage(result);
	void window.showInformationMessage(message);
	return { ...result, message };
}

async function exportReport(client: LanguageClient | undefined, docs: ReadOnlyDocs): Promise<string | undefined> {
	if (!client?.isRunning()) {
		void window.showWarningMessage('MCP Auth Hints: the language server is not running.');
		return;
	}
	const { markdown } = await window.withProgress(
		{ location: ProgressLocation.Notification, title: 'MCP Auth Hints: building the auth API surface report' },
		() => client.sendRequest<ExportReportResult>(EXPORT_REPORT_REQUEST, {}),
	);
	const uri = docs.set('report/MCP auth API surface.md', markdown);
	await showPreview(uri);
	return uri.toString();
}
