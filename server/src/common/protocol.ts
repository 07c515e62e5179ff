// Names shared by the language server and the VS Code client (and the tests). Plain constants and
// types only, so the client bundle does not pull in server code.

export const CONFIG_SECTION = 'mcpAuthHints';

export const DIAGNOSTIC_SOURCE = 'mcp-auth-hints';

/** Commands the server implements (workspace/executeCommand). */
export const ServerCommands = {
	openNote: 'mcp-auth-hints.server.openNote',
	openLink: 'mcp-auth-hints.server.openLink',
} as const;

/** Commands the VS Code client implements (contributed in package.json). */
export const ClientCommands = {
	restartServer: 'mcpAuthHints.restartServer',
	showOutput: 'mcpAuthHints.showOutput',
	disableRule: 'mcpAuthHints.disableRule',
	fixAll: 'mcpAuthHints.fixAll',
	/** Shows a bundled note (by id) in the Markdown preview; the hover's "Open note" link runs it. */
	openNote: 'mcpAuthHints.openNote',
	showDebugInfo: 'mcpAuthHints.showDebugInfo',
} as const;

/** The code-action kind of this extension's fix-all (editor.codeActionsOnSave, the Fix all command). */
export const FIX_ALL_CODE_ACTION_KIND = 'source.fixAll.mcpAuthHints';

export const STATUS_NOTIFICATION = 'mcpAuthHints/status';

export interface StatusParams {
	/** `ok` after an analysis, `error` when one threw (empty diagnostics were returned). */
	state: 'ok' | 'error';
	lastAnalysisMs: number;
	uri: string;
}
