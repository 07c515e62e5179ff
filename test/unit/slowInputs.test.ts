import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { CLI_JS, projectTrees } from '../helpers/cli';

// Regression: inputs on which analysis once took tens of seconds or ran out of heap (issue 12):
// O(depth) `parent` climbs repeated per step, a comprehension's children copied per name, the
// grammar's quadratic scan of long comment runs. Each runs through the real CLI in its own process
// so a regression fails here (timeout, heap) instead of stalling the runner. Times are printed,
// never asserted.

const IMPORT = 'from mcp.server.fastmcp import FastMCP\n';

function comprehension(clauses: number): string {
	return `${IMPORT}x = [FastMCP(a) ${Array.from({ length: clauses }, (_, i) => `for a${i} in FastMCP(a${i - 1})`).join(' ')}]\n`;
}

function pairs(n: number): string {
	return Array.from({ length: n }, (_, i) => `${IMPORT}m${i} = FastMCP("s${i}", port=${8000 + i})\n`).join('');
}

const INPUTS: { label: string; text: () => string }[] = [
	{ label: 'list comprehension with 10,000 for clauses', text: () => `${IMPORT}x = [a ${Array.from({ length: 10_000 }, (_, i) => `for a${i} in range(2)`).join(' ')}]\n` },
	{ label: 'list comprehension with 3,000 for clauses reading FastMCP', text: () => comprehension(3_000) },
	{ label: 'comprehension rebinding FastMCP in 10,000 clauses', text: () => `${IMPORT}x = [FastMCP(a) ${'for FastMCP in FastMCP '.repeat(10_000)}]\n` },
	{ label: '20,000 nested brackets around a name', text: () => `${IMPORT}x = ${'('.repeat(20_000)}FastMCP${')'.repeat(20_000)}\n` },
	{ label: '20,000 unclosed brackets', text: () => `${IMPORT}x = ${'['.repeat(20_000)}FastMCP\n` },
	{ label: '2,000 comment lines in a def', text: () => `${IMPORT}def f():\n${Array.from({ length: 2_000 }, (_, i) => `    # comment line ${i} with some words to make it long enough ${'x'.repeat(30)}\n`).join('')}    return FastMCP("a")\n` },
	{ label: '500 import + FastMCP(...) pairs', text: () => pairs(500) },
	{ label: '2,000 import + FastMCP(...) pairs', text: () => pairs(2_000) },
];

const trees = projectTrees('mcp-auth-hints-slow-');
after(() => trees.cleanup());

describe('slow inputs finish (times printed, not asserted)', () => {
	for (const input of INPUTS) {
		it(input.label, () => {
			const text = input.text();
			const root = trees.make({ 'slow.py': text });
			const t0 = performance.now();
			const run = spawnSync(process.execPath, [CLI_JS, 'scan', 'slow.py', '--format', 'json', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', timeout: 30_000, maxBuffer: 512 * 1024 * 1024 });
			const ms = performance.now() - t0;
			console.log(`# ${input.label} (${(text.length / 1024).toFixed(0)} KB): ${ms.toFixed(0)} ms`);
			assert.equal(run.signal, null, `the scan was killed (${String(run.error ?? 'timeout after 30 s')}): ${input.label}`);
			assert.equal(run.status, 0, run.stderr);
			const report = JSON.parse(run.stdout) as { files: number; diagnostics: { code: string }[] };
			assert.equal(report.files, 1);
			assert.ok(report.diagnostics.some((d) => d.code === 'MCP103'), 'the file was not analysed');
		});
	}
});
