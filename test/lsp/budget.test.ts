import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { AUTH_SERVER, rangeOf } from '../helpers/text';

// The analysis budget over real JSON-RPC (dist/server.js): a file whose analysis never ends, or
// eats the heap, gets one MCP199 saying why; the worker is replaced and every other open document
// keeps getting diagnostics, incremental edits included. The worker spins or allocates through its
// test-only markers (honoured only with NODE_ENV=test), with a small budget set by env var.

const SLOW = 'SPIN_FOREVER_MARKER';
const HUNGRY = 'EAT_THE_HEAP_MARKER';
const ENV = {
	NODE_ENV: 'test',
	MCP_AUTH_HINTS_TEST_SLOW_MARKER: SLOW,
	MCP_AUTH_HINTS_TEST_HUNGRY_MARKER: HUNGRY,
	MCP_AUTH_HINTS_ANALYSIS_BUDGET_MS: '3000',
	MCP_AUTH_HINTS_ANALYSIS_HEAP_MB: '64',
};

describe('analysis budget in the language server', () => {
	let client: LspClient;
	const saved: Record<string, string | undefined> = {};
	// A closed file on disk that spins: the workspace scan stops it, the open documents do not wait.
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-hints-budget-'));
	fs.writeFileSync(path.join(folder, 'disk_slow.py'), `${AUTH_SERVER}\n# ${SLOW}\n`);
	fs.writeFileSync(path.join(folder, 'disk_ok.py'), AUTH_SERVER);
	after(() => fs.rmSync(folder, { recursive: true, force: true }));
	before(async () => {
		for (const [k, v] of Object.entries(ENV)) {
			saved[k] = process.env[k];
			process.env[k] = v;
		}
		try {
			// Every finding of closed files, not only their breaks: MCP199 and MCP101 are Information.
			client = await LspClient.start({ workspaceFolders: [folder], settings: { workspaceScope: 'everything' } });
		} finally {
			for (const [k, v] of Object.entries(saved)) {
				if (v === undefined) {
					delete process.env[k];
				} else {
					process.env[k] = v;
				}
			}
		}
	});
	after(() => client.stop());

	for (const [label, marker, cause] of [['runs over the time budget', SLOW, /time budget of 3000 ms/], ['runs out of heap', HUNGRY, /memory limit of 64 MB/]] as const) {
		it(`a file whose analysis ${label} gets one MCP199 and the other files keep working`, { timeout: 60_000 }, async () => {
			const other = client.uri('other.py');
			client.open(other, AUTH_SERVER);
			assert.ok((await client.diagnostics(other)).some((d) => d.code === 'MCP101'), 'the other file is analysed before');

			const slow = client.uri('slow.py');
			client.open(slow, `${AUTH_SERVER}\n# ${marker}\n`);
			const stopped = await client.diagnostics(slow);
			assert.equal(stopped.length, 1, JSON.stringify(stopped));
			assert.equal(stopped[0].code, 'MCP199');
			assert.match(stopped[0].message as string, /analysis stopped after \d+ ms/);
			assert.match(stopped[0].message as string, cause);

			// The replaced worker has the open document again, and takes its incremental edits.
			// A line inserted at the top moves every finding down one line.
			const edited = `import os\n${AUTH_SERVER}`;
			client.change(other, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' }]);
			const after = await client.diagnostics(other);
			assert.ok(after.some((d) => d.code === 'MCP101' && JSON.stringify(d.range) === JSON.stringify(rangeOf(edited, 'TokenVerifier'))), JSON.stringify(after));
			const fresh = client.uri('fresh.py');
			client.open(fresh, AUTH_SERVER);
			assert.ok((await client.diagnostics(fresh)).some((d) => d.code === 'MCP101'));
			// The stopped file keeps its one MCP199 (a pull of the same version does not run it again).
			assert.equal((await client.diagnostics(slow)).length, 1);
			client.close(slow);
			client.close(other);
			client.close(fresh);
		});
	}

	it('a closed workspace file over budget gets one MCP199 in workspace diagnostics; the others are reported', { timeout: 60_000 }, async () => {
		const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		const byFile = new Map(report.items.map((item) => [item.uri, item.kind === 'full' ? item.items : []]));
		const slow = byFile.get(pathToFileURL(path.join(folder, 'disk_slow.py')).href) ?? [];
		assert.deepEqual(slow.map((d) => d.code), ['MCP199'], JSON.stringify(slow));
		assert.match(slow[0].message as string, /analysis stopped after \d+ ms: it went over the time budget/);
		const ok = byFile.get(pathToFileURL(path.join(folder, 'disk_ok.py')).href) ?? [];
		assert.ok(ok.some((d) => d.code === 'MCP101'), JSON.stringify(ok));
	});
});
