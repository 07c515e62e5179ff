// Scenario 20: the project's mcp-auth-hints.toml in the real editor. A file created in the workspace
// folder is picked up while the editor runs (the server watches it), its `target = 2` applies
// although VS Code has a default for mcpAuthHints.target (the client sends only what the user
// set), a customization the user sets wins over the file's `ignore`, and removing both restores
// the defaults. NOT the CLI side (test/toolchain/crossDoor.test.ts compares the two doors).
import * as vscode from 'vscode';
import { CONFIG_SECTION, activeExtension, codeOf, openFixture, ours, summary, tokenRange, waitFor, waitForDiagnostic, workspaceFolder } from './helpers';

const KEY = 'rules.customizations';
const { Error: ERROR, Warning: WARNING } = vscode.DiagnosticSeverity;

/** Severities of the code's findings that are more than a Hint (a use whose import carries the break is one). */
function severities(doc: vscode.TextDocument, code: string): vscode.DiagnosticSeverity[] {
	return ours(doc.uri).filter((d) => codeOf(d) === code && d.severity !== vscode.DiagnosticSeverity.Hint).map((d) => d.severity);
}

/** True when every finding of `code` has `severity` (and there is one), or when `severity` is null and there is none. */
function all(doc: vscode.TextDocument, code: string, severity: vscode.DiagnosticSeverity | null): boolean {
	const found = severities(doc, code);
	return severity === null ? found.length === 0 : found.length > 0 && found.every((s) => s === severity);
}

suite('20. project configuration: mcp-auth-hints.toml', () => {
	let doc: vscode.TextDocument;
	let toml: vscode.Uri;

	suiteSetup(async () => {
		({ doc } = await openFixture('auth_server.py'));
		await activeExtension();
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /^\s+json_response=/m, 'json_response'));
		toml = vscode.Uri.joinPath(workspaceFolder().uri, 'mcp-auth-hints.toml');
	});

	test('a new file applies at once: ignore drops MCP104, target 2 makes MCP103 an Error', async () => {
		await waitFor(() => `MCP103 warnings before the file; have ${summary(doc)}`, () => all(doc, 'MCP103', WARNING) || undefined);
		await vscode.workspace.fs.writeFile(toml, new TextEncoder().encode('ignore = ["MCP104"]\ntarget = 2\n'));
		await waitFor(() => `no MCP104 and MCP103 errors; have ${summary(doc)}`,
			() => (all(doc, 'MCP104', null) && all(doc, 'MCP103', ERROR)) || undefined);
	});

	test('a setting the user sets wins over the file: a customization brings MCP104 back as an Error', async () => {
		await vscode.workspace.getConfiguration(CONFIG_SECTION).update(KEY, [{ rule: 'MCP104', severity: 'error' }], vscode.ConfigurationTarget.Workspace);
		await waitFor(() => `MCP104 errors; have ${summary(doc)}`, () => all(doc, 'MCP104', ERROR) || undefined);
	});

	test('removing the setting and the file restores the defaults', async () => {
		await vscode.workspace.getConfiguration(CONFIG_SECTION).update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.workspace.fs.delete(toml);
		await waitFor(() => `MCP104 and MCP103 warnings again; have ${summary(doc)}`,
			() => (all(doc, 'MCP104', WARNING) && all(doc, 'MCP103', WARNING)) || undefined);
	});

	suiteTeardown(async () => {
		await vscode.workspace.getConfiguration(CONFIG_SECTION).update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
		try {
			await vscode.workspace.fs.delete(toml);
		} catch {
			// already deleted by the last test
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
