// Scenario 5: rules.customizations changes the severity live, and resetting restores it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CONFIG_SECTION, activeExtension, codeOf, describe, openFixture, ours, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

const KEY = 'rules.customizations';

function mcp104(doc: vscode.TextDocument): vscode.Diagnostic[] {
	return ours(doc.uri).filter((d) => codeOf(d) === 'MCP104');
}

function allHave(doc: vscode.TextDocument, severity: vscode.DiagnosticSeverity, count: number): true | undefined {
	const ds = mcp104(doc);
	return ds.length === count && ds.every((d) => d.severity === severity) ? true : undefined;
}

suite('5. settings: rules.customizations', () => {
	let doc: vscode.TextDocument;
	let count: number;

	suiteSetup(async () => {
		({ doc } = await openFixture('auth_server.py'));
		await activeExtension();
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /^\s+json_response=/m, 'json_response'));
		count = mcp104(doc).length;
		assert.ok(count >= 3, `at least three MCP104 findings (host, port, json_response): ${summary(doc)}`);
	});

	test('MCP104 is a Warning by default', async () => {
		await waitFor(() => `every MCP104 to be a Warning; have ${summary(doc)}`,
			() => allHave(doc, vscode.DiagnosticSeverity.Warning, count));
	});

	test('[{"rule":"MCP104","severity":"error"}] turns MCP104 into Errors', async () => {
		await vscode.workspace.getConfiguration(CONFIG_SECTION)
			.update(KEY, [{ rule: 'MCP104', severity: 'error' }], vscode.ConfigurationTarget.Workspace);
		await waitFor(() => `every MCP104 to become an Error; have ${summary(doc)}`,
			() => allHave(doc, vscode.DiagnosticSeverity.Error, count));
		// Only MCP104 changed.
		for (const d of ours(doc.uri).filter((x) => codeOf(x) !== 'MCP104')) {
			assert.notStrictEqual(d.severity, vscode.DiagnosticSeverity.Error, `${describe(d, doc)} is not raised by an MCP104 rule`);
		}
	});

	test('resetting the setting restores Warning', async () => {
		await vscode.workspace.getConfiguration(CONFIG_SECTION).update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
		await waitFor(() => `every MCP104 to be a Warning again; have ${summary(doc)}`,
			() => allHave(doc, vscode.DiagnosticSeverity.Warning, count));
	});

	suiteTeardown(async () => {
		try {
			await vscode.workspace.getConfiguration(CONFIG_SECTION).update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
		} catch {
			// the setting may not be registered; the failing test already says so
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
