// Scenario 3: the code actions for an MCP103 come in the documented order, and
// "Open V2 note" shows the bundled note.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeActionsAt, log, openFixture, tokenRange, waitFor, waitForDiagnostic } from './helpers';

const CODE = 'MCP103';
const ORDER: { label: string; re: RegExp }[] = [
	{ label: 'Open V2 note', re: new RegExp(`^Open V2 note\\b.*\\b${CODE}\\b`) },
	{ label: 'Open the upstream migration guide', re: /^Open the upstream migration guide\b/ },
	{ label: 'Suppress … on this line', re: new RegExp(`^Suppress\\b.*\\b${CODE}\\b.*\\bon this line\\b`) },
	{ label: 'Suppress … in this file', re: new RegExp(`^Suppress\\b.*\\b${CODE}\\b.*\\bin this file\\b`) },
	{ label: 'Disable … in settings', re: new RegExp(`^Disable\\b.*\\b${CODE}\\b.*\\bin settings\\b`) },
];

const NOTE_PATH = /\/notes\/[^/]+\.md$/;

function visibleNote(): vscode.Uri | undefined {
	const candidates: vscode.Uri[] = [
		...vscode.window.visibleTextEditors.map((e) => e.document.uri),
		...vscode.workspace.textDocuments.map((d) => d.uri),
	];
	for (const group of vscode.window.tabGroups.all) {
		for (const tab of group.tabs) {
			if (tab.input instanceof vscode.TabInputText) {
				candidates.push(tab.input.uri);
			}
		}
	}
	return candidates.find((u) => NOTE_PATH.test(u.path));
}

suite('3. code actions for MCP103', () => {
	let doc: vscode.TextDocument;
	let diagnostic: vscode.Diagnostic;
	let actions: vscode.CodeAction[];

	suiteSetup(async () => {
		({ doc } = await openFixture('auth_server.py'));
		await activeExtension();
		diagnostic = await waitForDiagnostic(doc, CODE, tokenRange(doc, /^from mcp\.server\.fastmcp import/m, 'mcp.server.fastmcp'));
		actions = await codeActionsAt(doc.uri, diagnostic.range);
		log(`code actions at ${CODE}: ${JSON.stringify(actions.map((a) => a.title))}`);
	});

	test('come in the order: note, guide, suppress line, suppress file, disable', () => {
		const titles = actions.map((a) => a.title);
		const indices = ORDER.map(({ label, re }) => {
			const i = titles.findIndex((t) => re.test(t));
			assert.ok(i >= 0, `an action "${label}" (${re}) among ${JSON.stringify(titles)}`);
			return i;
		});
		for (let k = 1; k < indices.length; k++) {
			assert.ok(indices[k - 1] < indices[k],
				`"${ORDER[k - 1].label}" comes before "${ORDER[k].label}" in ${JSON.stringify(titles)}`);
		}
	});

	test('"Open V2 note" shows a document at notes/<id>.md', async () => {
		const open = actions.find((a) => ORDER[0].re.test(a.title));
		assert.ok(open, 'an "Open V2 note" action');
		assert.ok(open.command, `"${open.title}" carries a command`);
		await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
		const uri = await waitFor('a visible document whose path ends with /notes/<id>.md', visibleNote);
		log(`note opened: ${uri.toString()}`);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
