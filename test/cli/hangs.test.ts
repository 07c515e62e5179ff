import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI_JS, projectTrees } from '../helpers/cli';

// Regression: texts a user produces while typing, on which the engine once spun forever (a text
// search for a zero-width identifier that error recovery produced never advanced). Each runs in
// its own CLI process so a hang fails this test instead of freezing the test runner.

const HANG_INPUTS: Record<string, string> = {
	'emptied parenthesised import': 'from mcp.server.fastmcp import (\n    ,\n)\n',
	'from-import with only a comma': 'from mcp.client.auth import ,\n',
	'dangling alias': 'import mcp\ne as.\nfastmcp\n',
	'emptied import with a later use': 'from mcp.server.fastmcp import (\n    ,\n)\nmcp = FastMCP("x")\n"FastMCP"\n',
};

const trees = projectTrees('mcp-auth-hints-hang-');
after(() => trees.cleanup());

describe('inputs that once hung the engine finish', () => {
	for (const [label, text] of Object.entries(HANG_INPUTS)) {
		it(label, () => {
			const root = trees.make({ 'typing.py': text });
			const run = spawnSync(process.execPath, [CLI_JS, 'scan', 'typing.py', '--format', 'json', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
			assert.equal(run.signal, null, `the scan was killed after 20 s (a hang): ${label}`);
			assert.equal(run.status, 0, run.stderr);
			const report = JSON.parse(run.stdout) as { files: number };
			assert.equal(report.files, 1);
		});
	}
});
