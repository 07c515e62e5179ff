import { commands, Disposable, ExtensionContext, languages, LogOutputChannel, TextDocument, version as vscodeVersion, window, workspace } from 'vscode';
import {
	CloseAction, DiagnosticPullMode, ErrorHandler, LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions,
	TransportKind,
} from 'vscode-languageclient/node';
import { ClientCommands, CONFIG_SECTION, STATUS_NOTIFICATION, StatusParams } from '../../server/src/common/protocol';
import { DOCUMENTS_HIDDEN_NOTIFICATION, ProjectInfo } from '../../server/src/common/workspaceProtocol';
import { disableRule } from './disableRule';
import { registerReadOnlyDocs } from './docs';
import { fixAllInActiveEditor } from './fixAll';
import { createMiddleware, openNote } from './middleware';
import { describeProjectInfo, requestProjectInfo } from './projectInfo';
import { StatusItem } from './status';
import { registerWorkspaceCommands } from './workspaceCommands';
import { contributedKeys, explicitSettingsOnly } from './configuration';

// The VS Code side is deliberately thin: start the language server (dist/server.js) and wire the
// small modules next to this one (documents in the preview, status item, commands). Analysis,
// hovers, code actions and settings handling all live in the server so every editor gets the
// same behaviour.

let client: LanguageClient | undefined;

/** What the extension exports: read by the real-editor tests, not a public API. */
export interface ExtensionApi {
	status(): { text: string; detail: string | undefined };
	projectInfo(): Promise<ProjectInfo> | undefined;
}

export async function activate(context: ExtensionContext): Promise<ExtensionApi> {
	const serverModule = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
	};
	const outputChannel = window.createOutputChannel('MCP Auth Hints', { log: true });
	const clientOptions: LanguageClientOptions = {
		documentSelector: [
			{ scheme: 'file', language: 'python' },
			{ scheme: 'untitled', language: 'python' },
			{ notebook: '*', language: 'python' },
			// MCP301 dependency-range is reported on the mcp requirement in these manifests.
			{ scheme: 'file', pattern: '**/pyproject.toml' },
			{ scheme: 'file', pattern: '**/requirements*.txt' },
		],
		...pullAndErrors(outputChannel, () => client),
		middleware: {
			...createMiddleware({
				documentHidden: (uri) => void client?.sendNotification(DOCUMENTS_HIDDEN_NOTIFICATION, { uris: [uri.toString()] }),
			}),
			// Only the values the user set: the project's [tool.mcp-auth-hints] decides the rest.
			workspace: { configuration: explicitSettingsOnly(contributedKeys(context.extension.packageJSON)) },
		},
	};
	client = new LanguageClient(CONFIG_SECTION, 'MCP Auth Hints', serverOptions, clientOptions);

	const { docs, disposables } = registerReadOnlyDocs(context.extensionUri);
	const status = new StatusItem();
	const extension = { version: String(context.extension.packageJSON.version), vscode: vscodeVersion };
	const refreshStatus = debounced(500, async () => {
		const info = await requestProjectInfo(client)?.catch(() => undefined);
		if (info) {
			status.projectInfo(info);
		}
	});
	const showDebugInfo = async (): Promise<string> => {
		const info = await requestProjectInfo(client);
		const lines = info ? describeProjectInfo(info, extension) : [`MCP Auth Hints ${extension.version}: the language server is not running.`];
		lines.push(`Status: ${status.text}${status.detail ? ` (${status.detail})` : ''}`);
		for (const line of lines) {
			outputChannel.info(line);
		}
		outputChannel.show(true);
		return lines.join('\n');
	};
	context.subscriptions.push(
		...disposables,
		status,
		refreshStatus,
		outputChannel,
		client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.analysis(params)),
		languages.onDidChangeDiagnostics(() => {
			status.diagnosticsChanged();
			refreshStatus();
		}),
		workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(CONFIG_SECTION)) {
				refreshStatus();
			}
		}),
		commands.registerCommand(ClientCommands.restartServer, () => client?.restart()),
		commands.registerCommand(ClientCommands.showOutput, () => outputChannel.show(true)),
		commands.registerCommand(ClientCommands.disableRule, disableRule),
		commands.registerCommand(ClientCommands.fixAll, fixAllInActiveEditor),
		commands.registerCommand(ClientCommands.openNote, openNote),
		commands.registerCommand(ClientCommands.showDebugInfo, showDebugInfo),
		...registerWorkspaceCommands(() => client, docs),
	);
	await client.start();
	// The start-up record a bug report needs: versions, each folder's mcp and where it came from,
	// the settings in effect.
	void requestProjectInfo(client)?.then((info) => {
		status.projectInfo(info);
		for (const line of describeProjectInfo(info, extension)) {
			outputChannel.info(line);
		}
	}, (err: unknown) => outputChannel.warn(`Could not read the project info: ${String(err)}`));
	return {
		status: () => ({ text: status.text, detail: status.detail }),
		projectInfo: () => requestProjectInfo(client),
	};
}

export function deactivate(): Thenable<void> | undefined {
	return client?.stop();
}

/**
 * The client options both clients (this one and client/src/browser/extension.ts) share: when to
 * pull diagnostics, where the log goes, and the restart-once error handler.
 */
export function pullAndErrors(outputChannel: LogOutputChannel, current: () => LanguageClient | undefined): Pick<LanguageClientOptions, 'diagnosticPullOptions' | 'outputChannel' | 'revealOutputChannelOn' | 'errorHandler'> {
	return {
		diagnosticPullOptions: {
			onChange: true,
			onSave: true,
			// `mcpAuthHints.run` is a per-folder setting, so it is read per document rather than fixed
			// for the whole window: with "onSave" typing does not trigger an analysis.
			filter: (document, mode) => mode === DiagnosticPullMode.onType && runSetting(document) === 'onSave',
		},
		outputChannel,
		revealOutputChannelOn: RevealOutputChannelOn.Never,
		errorHandler: restartAndTellOnce(current),
	};
}

/** `mcpAuthHints.run` of the document's folder (both clients' pull filter). */
export function runSetting(document: TextDocument): unknown {
	return workspace.getConfiguration(CONFIG_SECTION, document).get('run');
}

/** Runs `fn` once `ms` after the last call; disposing cancels a pending run. */
function debounced(ms: number, fn: () => Promise<void>): (() => void) & Disposable {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const call = () => {
		clearTimeout(timer);
		timer = setTimeout(() => void fn(), ms);
	};
	return Object.assign(call, { dispose: () => clearTimeout(timer) });
}

/** Keeps the client's restart-on-crash behaviour and tells the user the first time it happens. */
export function restartAndTellOnce(current: () => LanguageClient | undefined): ErrorHandler {
	let fallback: ErrorHandler | undefined;
	let told = false;
	const defaults = (): ErrorHandler => (fallback ??= current()!.createDefaultErrorHandler());
	return {
		error: (error, message, count) => defaults().error(error, message, count),
		closed: async () => {
			const result = await defaults().closed();
			if (result.action === CloseAction.Restart && !told) {
				told = true;
				void window.showWarningMessage('MCP Auth Hints: the language server stopped unexpectedly and was restarted. "MCP Auth Hints: Show Output" has the details.');
			}
			return result;
		},
	};
}
