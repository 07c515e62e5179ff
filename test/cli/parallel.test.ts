import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, it } from 'node:test';
import { CLI_JS, projectTrees } from '../helpers/cli';

// A scan with several analysis workers (server/src/pool/workerPool.ts) reports exactly what one
// worker reports, in the same order, with the same warnings: files are analysed in parallel but
// placed in file order.

const trees = projectTrees('mcp-auth-hints-parallel-');
after(() => trees.cleanup());

it('one worker and three workers give the same report, warnings included', () => {
	const files: Record<string, string> = {};
	for (let i = 0; i < 14; i++) {
		files[`m${String(i).padStart(2, '0')}.py`] = i % 3 === 0
			? 'import os\n'
			: `from mcp.server.auth.provider import TokenVerifier\n${'x = 1\n'.repeat(i * 50)}from mcp.server.fastmcp import FastMCP\n`;
	}
	files['broken.ipynb'] = '{ not json';
	const root = trees.make(files);
	const run = (workers: string) => spawnSync(process.execPath, [CLI_JS, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], {
		cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MCP_AUTH_HINTS_WORKERS: workers },
	});
	const one = run('1');
	const three = run('3');
	assert.equal(one.status, 0, one.stderr);
	assert.equal(three.status, 0, three.stderr);
	assert.ok(JSON.parse(one.stdout).diagnostics.length > 20);
	assert.equal(three.stdout, one.stdout);
	assert.equal(three.stderr, one.stderr);
	assert.match(one.stderr, /broken\.ipynb/);
});
