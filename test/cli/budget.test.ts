import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { CLI_JS, projectTrees } from '../helpers/cli';

// The analysis budget in the real CLI process: a file whose analysis spins (or eats the heap) is
// reported with one MCP199 and a warning naming it, every other file is still scanned, and the
// run ends with exit code 3 (docs/cli.md) instead of hanging. The worker spins or allocates
// through its test-only markers, honoured only with NODE_ENV=test.

const SLOW = 'SPIN_FOREVER_MARKER';
const HUNGRY = 'EAT_THE_HEAP_MARKER';
const FINDING = 'from mcp.server.auth.provider import TokenVerifier\n';

const trees = projectTrees('mcp-auth-hints-budget-');
after(() => trees.cleanup());

interface Report {
	files: number;
	diagnostics: { file: string; code: string; message: string }[];
}

function scan(root: string, args: string[] = []) {
	return spawnSync(process.execPath, [CLI_JS, 'scan', '.', '--format', 'json', ...args], {
		cwd: root,
		encoding: 'utf8',
		timeout: 60_000,
		env: {
			...process.env,
			NODE_ENV: 'test',
			MCP_AUTH_HINTS_TEST_SLOW_MARKER: SLOW,
			MCP_AUTH_HINTS_TEST_HUNGRY_MARKER: HUNGRY,
			MCP_AUTH_HINTS_ANALYSIS_BUDGET_MS: '3000',
			MCP_AUTH_HINTS_ANALYSIS_HEAP_MB: '64',
		},
	});
}

describe('analysis budget in the CLI', () => {
	for (const [label, marker, cause] of [['spins', SLOW, /time budget of 3000 ms/], ['eats the heap', HUNGRY, /memory limit of 64 MB/]] as const) {
		it(`a file whose analysis ${label} gets one MCP199, the others are scanned, exit code 3`, () => {
			const root = trees.make({ 'a.py': FINDING, 'b_slow.py': `${FINDING}# ${marker}\n`, 'c.py': FINDING });
			const run = scan(root, ['--fail-on', 'never']);
			assert.equal(run.signal, null, 'the scan was killed by the test timeout (a hang)');
			assert.equal(run.status, 3, run.stderr);
			const report = JSON.parse(run.stdout) as Report;
			assert.equal(report.files, 3);
			const slow = report.diagnostics.filter((d) => d.file === 'b_slow.py');
			assert.equal(slow.length, 1, JSON.stringify(slow));
			assert.equal(slow[0].code, 'MCP199');
			assert.match(slow[0].message, /analysis stopped after \d+ ms/);
			assert.match(slow[0].message, cause);
			for (const file of ['a.py', 'c.py']) {
				assert.ok(report.diagnostics.some((d) => d.file === file && d.code === 'MCP101'), `${file} was analysed after the stop`);
			}
			assert.match(run.stderr, /warning: analysis of b_slow\.py stopped after \d+ ms/);
		});
	}

	it('a run where nothing hits the budget keeps its usual exit code', () => {
		const root = trees.make({ 'a.py': FINDING });
		const run = scan(root, ['--fail-on', 'never']);
		assert.equal(run.status, 0, run.stderr);
	});
});
