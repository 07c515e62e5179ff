import {
	CodeAction, CodeActionKind, commands, ConfigurationTarget, ExtensionContext, languages, LanguageStatusSeverity, Range, TextDocument, window, workspace,
} from 'vscode';
import {
	CloseAction, DiagnosticPullMode, ErrorHandler, LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions,
	TransportKind,
} from 'vscode-languageclient/node';
import { ClientCommands, CONFIG_SECTION, FIX_ALL_CODE_ACTION_KIND, STATUS_NOTIFICATION, StatusParams } from '../../server/src/common/protocol';
import { registerWorkspaceCommands } from './workspaceCommands';
import { contributedKeys, explicitSettingsOnly } from './configuration';
import { RULE_LIST as RULES } from '../../server/src/common/ruleList';

// The VS Code side is deliberately thin: start the language server (dist/server.js), register the
// commands, show a status item. Analysis, hovers, code actions and settings handling all
// live in the server so every editor gets the same behaviour.

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
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
		diagnosticPullOptions: {
			onChange: true,
			onSave: true,
			// `mcpAuthHints.run` is a per-folder setting, so it is read per document rather than fixed
			// for the whole window: with "onSave" typing does not trigger an analysis.
			filter: (document, mode) => mode === DiagnosticPullMode.onType && runSetting(document) === 'onSave',
		},
		outputChannel,
		revealOutputChannelOn: RevealOutputChannelOn.Never,
		errorHandler: restartAndTellOnce(() => client),
		// Only the values the user set: the project's [tool.mcp-auth-hints] decides the rest.
		middleware: { workspace: { configuration: explicitSettingsOnly(contributedKeys(context.extension.packageJSON)) } },
	};
	client = new LanguageClient(CONFIG_SECTION, 'MCP Auth Hints', serverOptions, clientOptions);

	const status = languages.createLanguageStatusItem('mcpAuthHints.status', { language: 'python' });
	status.name = 'MCP Auth Hints';
	status.text = 'MCP Auth Hints';
	status.command = { title: 'Show Output', command: ClientCommands.showOutput };
	context.subscriptions.push(
		status,
		outputChannel,
		client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
			const failed = params.state === 'error';
			status.severity = failed ? LanguageStatusSeverity.Error : LanguageStatusSeverity.Information;
			status.detail = failed ? 'last analysis failed: see the output' : `last analysis ${params.lastAnalysisMs} ms`;
		}),
		commands.registerCommand(ClientCommands.restartServer, () => client?.restart()),
		commands.registerCommand(ClientCommands.showOutput, () => outputChannel.show(true)),
		commands.registerCommand(ClientCommands.disableRule, disableRule),
		commands.registerCommand(ClientCommands.fixAll, fixAllInActiveEditor),
		...registerWorkspaceCommands(() => client),
	);
	await client.start();
}

export function deactivate(): Thenable<void> | undefined {
	return client?.stop();
}

export function runSetting(document: TextDocument): unknown {
	return workspace.getConfiguration(CONFIG_SECTION, document).get('run');
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

interface RuleCustomization {
	rule: string;
	severity: string;
}

/** Appends {rule, severity: 'off'} to mcpAuthHints.rules.customizations of the folder (or workspace). */
export async function disableRule(code?: unknown): Promise<void> {
	let rule = typeof code === 'string' ? code : undefined;
	if (!rule) {
		const picked = await window.showQuickPick(
			RULES.map((r) => ({ label: r.code, description: r.name, detail: r.summary })),
			{ placeHolder: 'Rule to turn off' },
		);
		rule = picked?.label;
	}
	if (!rule) {
		return;
	}
	const resource = window.activeTextEditor?.document.uri ?? window.activeNotebookEditor?.notebook.uri;
	const folder = resource ? workspace.getWorkspaceFolder(resource) : undefined;
	const target = folder ? ConfigurationTarget.WorkspaceFolder
		: workspace.workspaceFolders ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
	const config = workspace.getConfiguration(CONFIG_SECTION, folder?.uri);
	const inspected = config.inspect<RuleCustomization[]>('rules.customizations');
	const current = (target === ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue
		: target === ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
	if (current.some((c) => c.rule === rule && c.severity === 'off')) {
		return;
	}
	await config.update('rules.customizations', [...current, { rule, severity: 'off' }], target);
}

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
