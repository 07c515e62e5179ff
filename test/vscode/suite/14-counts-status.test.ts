// Scenario 14: the figures agree. The Scan Workspace toast, the Problems panel (VS Code's
// diagnostics) and the CLI run on the same folder give the same breaks; with workspaceScope =
// everything, the same count for every verdict. The status item shows the detected mcp target and
// the breaks; "Show debug info" reports versions, each folder's target and its settings.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID, ExtensionApi, log, openFixture, SOURCE, waitFor, workspaceFolder } from './helpers';

interface Counts {
	breaks: number;
	review: number;
	unaffected: number;
}

/**
 * Our diagnostics in every file VS Code holds, by verdict (what Problems lists). Files no longer on
 * disk are left out: scenario 9 deletes its file while VS Code still holds its text model, and the
 * language client keeps that model's last document result (the CLI cannot see the file).
 */
function problems(): Counts {
	const counts: Counts = { breaks: 0, review: 0, unaffected: 0 };
	for (const [uri, list] of vscode.languages.getDiagnostics()) {
		if (uri.scheme === 'file' && !fs.existsSync(uri.fsPath)) {
			continue;
		}
		for (const d of list.filter((x) => x.source === SOURCE)) {
			counts[d.severity <= vscode.DiagnosticSeverity.Warning ? 'breaks' : d.severity === vscode.DiagnosticSeverity.Information ? 'review' : 'unaffected']++;
		}
	}
	return counts;
}

/** Per file: "name: breaks/review/unaffected", for failure messages. */
function problemsByFile(): string {
	return vscode.languages.getDiagnostics().map(([uri, list]) => {
		const o = list.filter((x) => x.source === SOURCE);
		const n = (f: (s: vscode.DiagnosticSeverity) => boolean) => o.filter((d) => f(d.severity)).length;
		return o.length === 0 ? '' : `${uri.scheme}:${path.basename(uri.path)}${uri.fragment ? '#' : ''} ${n((s) => s <= 1)}/${n((s) => s === 2)}/${n((s) => s === 3)}`;
	}).filter(Boolean).join(', ') + ` | open: ${vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => path.basename(d.uri.path)).join(',')}`;
}

/** The CLI (the extension's own dist/cli.js) on the workspace folder. */
function cli(): Counts {
	const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
	const out = execFileSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'scan', '--format', 'json', '--fail-on', 'never', '.'], {
		cwd: workspaceFolder().uri.fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
	});
	const diagnostics = (JSON.parse(out) as { diagnostics: { severity: string }[] }).diagnostics;
	const n = (...s: string[]) => diagnostics.filter((d) => s.includes(d.severity)).length;
	return { breaks: n('error', 'warning'), review: n('information'), unaffected: n('hint') };
}

function cliByFile(): string {
	const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
	const out = execFileSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'scan', '--format', 'json', '--fail-on', 'never', '.'], {
		cwd: workspaceFolder().uri.fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
	});
	const by = new Map<string, number[]>();
	for (const d of (JSON.parse(out) as { diagnostics: { file: string; severity: string }[] }).diagnostics) {
		const c = by.get(d.file) ?? [0, 0, 0];
		c[d.severity === 'error' || d.severity === 'warning' ? 0 : d.severity === 'information' ? 1 : 2]++;
		by.set(d.file, c);
	}
	return [...by].map(([f, c]) => `${f} ${c.join('/')}`).join(', ');
}

async function scan(): Promise<{ counts: Counts; message: string }> {
	const result = await vscode.commands.executeCommand<{ counts: Counts; message: string }>('mcpAuthHints.scanWorkspace');
	assert.ok(result, 'Scan Workspace returns its summary');
	log(`toast: ${result.message}`);
	const { breaks, review, unaffected } = result.counts;
	assert.ok(result.message.includes(`${breaks} break`) && result.message.includes(`${review} to review`) && result.message.includes(`${unaffected} unaffected`), result.message);
	return result;
}

suite('14. counts, status item and debug info', () => {
	const config = () => vscode.workspace.getConfiguration('mcpAuthHints');
	let api: ExtensionApi;

	suiteSetup(async () => {
		await openFixture('auth_server.py');
		api = (await activeExtension()).exports as ExtensionApi;
		// The CLI reads the files on disk: nothing may be left unsaved by earlier scenarios.
		await vscode.commands.executeCommand('workbench.action.files.saveAll');
	});

	test('toast, Problems and CLI agree on the breaks (default scope)', async () => {
		const expected = cli();
		log(`cli: ${JSON.stringify(expected)}`);
		assert.ok(expected.breaks > 0 && expected.review > 0, 'the fixture has breaks and findings to review');
		const toast = await scan();
		assert.deepEqual(toast.counts, expected, 'the toast counts every finding as the CLI does');
		await waitFor(() => `Problems to show ${expected.breaks} breaks (has ${JSON.stringify(problems())}: ${problemsByFile()}; cli ${cliByFile()})`,
			() => (problems().breaks === expected.breaks ? true : undefined));
	});

	test('with workspaceScope = everything, every verdict agrees', async () => {
		await config().update('workspaceScope', 'everything', vscode.ConfigurationTarget.Workspace);
		const expected = cli();
		const toast = await scan();
		assert.deepEqual(toast.counts, expected);
		await waitFor(() => `Problems to show ${JSON.stringify(expected)} (has ${JSON.stringify(problems())})`,
			() => (JSON.stringify(problems()) === JSON.stringify(expected) ? true : undefined));
		await config().update('workspaceScope', undefined, vscode.ConfigurationTarget.Workspace);
	});

	test('the status item shows the detected mcp target and the breaks', async () => {
		await openFixture('auth_server.py');
		// The status item counts what the Problems panel shows, files VS Code still holds included.
		const shown = () => vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => d.source === SOURCE && d.severity <= vscode.DiagnosticSeverity.Warning).length, 0);
		const status = await waitFor(() => `the status item to show the target and ${shown()} breaks (has ${JSON.stringify(api.status())})`, () => {
			const s = api.status();
			const breaks = shown();
			return s.text === `mcp 1.x · ${breaks} ${breaks === 1 ? 'break' : 'breaks'}` ? s : undefined;
		});
		log(`status: ${status.text} (${status.detail})`);
		assert.match(status.detail ?? '', /from no lock file, venv or mcp requirement found/, 'the detail says where the target came from');
	});

	test('"Show debug info" reports versions, the folder\'s target and its settings', async () => {
		const text = await vscode.commands.executeCommand<string>('mcpAuthHints.showDebugInfo');
		log(`debug info:\n${text}`);
		const version = String(vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.version);
		assert.match(text, new RegExp(`^MCP Auth Hints ${version.replace(/\./g, '\\.')} \\(language server ${version.replace(/\./g, '\\.')}`));
		assert.match(text, /Knowledge verified against \S+ releases 1\.\d+\.\d+ … \d+\.\d+\.\d+/);
		assert.ok(text.includes(`Folder ${workspaceFolder().uri.fsPath}: checked against mcp 1.x (from `), text);
		assert.match(text, /settings: \{.*"workspaceScope":"breaksInWorkspace"/);
		assert.match(text, /Workspace findings: \d+ breaks, \d+ to review, \d+ unaffected/);
	});

	suiteTeardown(async () => {
		await config().update('workspaceScope', undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
