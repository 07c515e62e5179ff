// Scenario 9: the language server process dies (SIGKILL); the client restarts it and diagnostics
// work again for a file edited afterwards. The server is found through /proc (Linux only): a
// node process running dist/server.js whose parent is this extension host, so the client needs
// no test-only command. (The one-time "restarted" warning is shown by client/src/extension.ts
// restartAndTellOnce; notifications are not readable through the API, so it is not asserted.)
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, log, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

const IMPORT = /^from mcp\.server\.auth\.provider import TokenVerifier$/m;

function serverPids(): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after ')'.
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === process.pid && cmdline.some((arg) => /[\\/]dist[\\/]server\.js$/.test(arg))) {
				pids.push(Number(entry));
			}
		} catch {
			// the process ended while we looked
		}
	}
	return pids;
}

suite('9. crash recovery', () => {
	test('SIGKILL of the server: the client restarts it and a later edit gets fresh diagnostics', async function () {
		if (process.platform !== 'linux') {
			this.skip();
		}
		await activeExtension();
		const uri = fixtureUri('crash_recovery.py');
		await vscode.workspace.fs.writeFile(uri, Buffer.from('from mcp.server.auth.provider import TokenVerifier\n'));
		const doc = await vscode.workspace.openTextDocument(uri);
		const editor = await vscode.window.showTextDocument(doc, { preview: false });
		await waitForDiagnostic(doc, 'MCP101', tokenRange(doc, IMPORT, 'TokenVerifier'));

		const [pid, ...more] = await waitFor('the language server process', () => {
			const pids = serverPids();
			return pids.length > 0 ? pids : undefined;
		});
		assert.deepEqual(more, [], 'one server process');
		log(`killing server pid ${pid}`);
		process.kill(pid, 'SIGKILL');
		const restarted = await waitFor('a new server process', () => serverPids().find((p) => p !== pid));
		log(`restarted as pid ${restarted}`);

		// Edit after the restart: two lines are inserted, so only a fresh analysis has the new range.
		await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# after the crash\n\n'));
		const moved = tokenRange(doc, IMPORT, 'TokenVerifier');
		assert.equal(moved.start.line, 2);
		await waitForDiagnostic(doc, 'MCP101', moved);
		log(`after restart: ${summary(doc)}`);
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		await vscode.workspace.fs.delete(uri);
	});
});
