// Scenario 3: the code actions for an MCP103 come in the documented order with the tool prefix,
// the menu at a `FastMCP(` line has one suppress family and one "Disable" per code, and
// "Open V2 note" shows the bundled note rendered in the Markdown preview, never as an editable file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeActionsAt, log, openFixture, textTabUris, tokenRange, waitForDiagnostic, waitForPreview } from './helpers';

const CODE = 'MCP103';
const PREFIX = `MCP Auth Hints (${CODE}): `;
const ORDER: { label: string; re: RegExp }[] = [
	// The test workspace is a project on mcp 1 (no manifest says otherwise): a rewrite that writes
	// V2-only names is a review fix there.
	{ label: 'the rewrite', re: /^MCP Auth Hints \(MCP103\): Replace with `MCPServer` \(review\)$/ },
	{ label: 'Open V2 note', re: /^MCP Auth Hints \(MCP103\): Open V2 note$/ },
	{ label: 'Open the upstream migration guide', re: /^MCP Auth Hints \(MCP103\): Open the upstream migration guide$/ },
	{ label: 'Suppress on this line', re: /^MCP Auth Hints \([^)]*\bMCP103\b[^)]*\): Suppress on this line$/ },
	{ label: 'Suppress in this file', re: /^MCP Auth Hints \([^)]*\bMCP103\b[^)]*\): Suppress in this file$/ },
	{ label: 'Disable rule in settings', re: /^MCP Auth Hints \(MCP103\): Disable rule in settings$/ },
];

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

	test('come in the order: rewrite, note, guide, suppress line, suppress file, disable', () => {
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

	test('every action of ours names the tool and the code', () => {
		const titles = actions.map((a) => a.title).filter((t) => !t.startsWith('Fix all'));
		assert.ok(titles.length > 0);
		assert.ok(titles.every((t) => t.startsWith(PREFIX)), JSON.stringify(titles));
	});

	test('at a `FastMCP(` line: the fix first; no MCP104 summary on the callee (its keywords carry it)', async () => {
		const callee = tokenRange(doc, /^mcp = FastMCP\(/m, 'FastMCP');
		await waitForDiagnostic(doc, 'MCP103', callee);
		const menu = (await codeActionsAt(doc.uri, callee)).map((a) => a.title);
		log(`menu at FastMCP(: ${JSON.stringify(menu)}`);
		assert.deepEqual(menu, [
			'MCP Auth Hints (MCP103): Replace with `MCPServer` (review)',
			'MCP Auth Hints (MCP103): Open V2 note',
			'MCP Auth Hints (MCP103): Open the upstream migration guide',
			'MCP Auth Hints (MCP103): Suppress on this line',
			'MCP Auth Hints (MCP103): Suppress in this file',
			'MCP Auth Hints (MCP103): Disable rule in settings',
			// No "Fix all safe ..." entry: on mcp 1 nothing here is a safe rewrite.
		]);
	});

	test('"Open V2 note" shows the note in the Markdown preview, not as an editable file', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const open = actions.find((a) => ORDER[1].re.test(a.title));
		assert.ok(open, 'an "Open V2 note" action');
		assert.ok(open.command, `"${open.title}" carries a command`);
		await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
		const tab = await waitForPreview('fastmcp-renamed.md');
		log(`note preview: ${tab.label}`);
		const notes = textTabUris().filter((u) => /\/notes\/[^/]+\.md$/.test(u.path));
		assert.deepEqual(notes.map(String), [], 'no text editor holds the note');
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && /\/notes\/[^/]+\.md$/.test(d.uri.path)),
			'the installed note file is not open as a document');
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
