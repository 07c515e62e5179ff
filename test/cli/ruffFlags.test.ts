import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { CLI_JS, lines, projectTrees, runCli } from '../helpers/cli';

// The Ruff-style command line: --select / --ignore / --extend-select, --statistics, --exit-zero,
// --output-format (text, concise, grouped), --quiet, --show-fixes, the [*] fixable marker and its
// summary line, and colour (TTY / NO_COLOR / FORCE_COLOR). Each runs the built CLI as a process.

// MCP103 (warning, safe rewrite) twice, MCP101 (information) twice, MCP100 (hint) once per file.
const SERVER = 'from mcp.server.fastmcp import FastMCP\nfrom mcp.server.auth.provider import TokenVerifier\nmcp = FastMCP("x")\n\nclass V(TokenVerifier):\n    pass\n';
const trees = projectTrees('mcp-ruff-');
after(() => trees.cleanup());
// A project on mcp 2, where the FastMCP rename is a safe fix. The tests scan `a.py` by name, so the
// target comes from the configuration the CLI finds upward, not from the folder's manifests.
const V2_PYPROJECT = '[tool.mcp-auth-hints]\ntarget = 2\n';
const project = () => trees.make({ 'a.py': SERVER, 'tests/test_a.py': SERVER, 'pyproject.toml': V2_PYPROJECT });

interface Json { diagnostics: { file: string; code: string }[] }
const codes = (run: { stdout: string }) => (JSON.parse(run.stdout) as Json).diagnostics.map((d) => d.code);

describe('--select / --ignore / --extend-select', () => {
	it('--select keeps only the codes and prefixes named', () => {
		const run = runCli(['scan', '--format', 'json', '--select', 'MCP103', 'a.py'], project());
		assert.deepEqual(codes(run), ['MCP103', 'MCP103']);
	});

	it('--select takes prefixes and comma lists; --ignore removes, a more specific --select wins', () => {
		const root = project();
		assert.deepEqual(new Set(codes(runCli(['scan', '--format', 'json', '--select', 'MCP10', 'a.py'], root))), new Set(['MCP100', 'MCP101', 'MCP103']));
		assert.deepEqual(codes(runCli(['scan', '--format', 'json', '--select', 'MCP100,MCP101', '--ignore', 'MCP101', 'a.py'], root)), ['MCP100']);
		assert.deepEqual(codes(runCli(['scan', '--format', 'json', '--ignore', 'MCP10', '--select', 'MCP103', 'a.py'], root)), ['MCP103', 'MCP103']);
	});

	it('--extend-select adds to --select', () => {
		const run = runCli(['scan', '--format', 'json', '--select', 'MCP100', '--extend-select', 'MCP103', 'a.py'], project());
		assert.deepEqual(codes(run).sort(), ['MCP100', 'MCP103', 'MCP103']);
	});

	it('rejects a selector that names no rule with exit 2', () => {
		const run = runCli(['scan', '--select', 'F401'], project());
		assert.equal(run.code, 2);
		assert.match(run.stderr, /^mcp-auth-hints: invalid --select "F401"/);
		assert.equal(run.stdout, '');
	});
});

describe('--statistics', () => {
	it('prints the count per code with the fixable count, and exits as a scan would', () => {
		const run = runCli(['scan', '--statistics', 'a.py'], project());
		assert.equal(run.code, 1);
		assert.deepEqual(lines(run.stdout), [
			'2\tMCP101\t[ ] auth-import',
			'2\tMCP103\t[*] auth-removed (2 fixable)',
			'1\tMCP100\t[ ] auth-unchanged',
		]);
	});

	it('as JSON with --output-format json', () => {
		const run = runCli(['scan', '--statistics', '--output-format', 'json', '--fail-on', 'never', 'a.py'], project());
		assert.equal(run.code, 0);
		assert.deepEqual(JSON.parse(run.stdout)[1], { code: 'MCP103', name: 'auth-removed', count: 2, fixable: 2 });
	});
});

describe('--exit-zero', () => {
	it('exits 0 with findings at or above --fail-on, and still prints them', () => {
		const root = project();
		assert.equal(runCli(['scan', 'a.py'], root).code, 1);
		const run = runCli(['scan', '--exit-zero', 'a.py'], root);
		assert.equal(run.code, 0);
		assert.match(run.stdout, /MCP103/);
	});

	it('still exits 2 on a usage error', () => {
		assert.equal(runCli(['scan', '--exit-zero', 'missing.py'], project()).code, 2);
	});
});

describe('--output-format', () => {
	it('is an alias of --format', () => {
		const root = project();
		assert.equal(runCli(['scan', '--output-format', 'json', 'a.py'], root).stdout, runCli(['scan', '--format', 'json', 'a.py'], root).stdout);
		assert.equal(runCli(['scan', '--output-format=sarif', '--format', 'json', 'a.py'], root).code, 2, 'two different formats');
	});

	it('concise: one line per finding, path:line:col: CODE [*] message', () => {
		const out = lines(runCli(['scan', '--output-format', 'concise', 'a.py'], project()).stdout);
		assert.equal(out.length, 5 + 2);
		assert.match(out[0], /^a\.py:1:6: MCP103 \[\*\] `mcp\.server\.fastmcp` moved to `mcp\.server\.mcpserver` in V2/);
		assert.match(out[1], /^a\.py:1:32: MCP101 `mcp\.server\.fastmcp\.FastMCP`/);
	});

	it('grouped: findings under their file, one block per file', () => {
		const out = lines(runCli(['scan', '--output-format', 'grouped'], project()).stdout);
		assert.equal(out[0], 'a.py:');
		assert.match(out[1], /^ {2}1:6 {2}error MCP103 \[\*\] /);
		assert.equal(out[6], '');
		assert.equal(out[7], 'tests/test_a.py:');
		assert.equal(out.filter((l) => l.endsWith('.py:')).length, 2);
	});
});

describe('fixable marker and summary', () => {
	it('marks findings with a safe rewrite [*] and counts them like Ruff', () => {
		const out = lines(runCli(['scan', 'a.py'], project()).stdout);
		assert.equal(out.filter((l) => l.includes(' MCP103 [*] ')).length, 2);
		assert.ok(out.filter((l) => l.includes(' MCP101 ')).every((l) => !l.includes('[*]')));
		assert.deepEqual(out.slice(-2), ['5 findings (1 error, 4 hints) in 1 of 1 file scanned.', '[*] 2 fixable with --fix.']);
	});

	it('--fix then rewrites every marked finding (and the import\'s MCP101 goes with its line)', () => {
		const root = project();
		const run = runCli(['scan', '--fix', 'a.py', '--fail-on', 'never'], root);
		assert.match(run.stderr, /fixed 3 finding\(s\) in 1 file\(s\)/);
		assert.doesNotMatch(run.stdout, /\[\*\]|MCP103|fixable/);
	});
});

describe('--quiet and --show-fixes', () => {
	it('--quiet prints the findings only', () => {
		const out = lines(runCli(['scan', '--quiet', 'a.py'], project()).stdout);
		assert.equal(out.length, 5);
		assert.ok(out.every((l) => l.startsWith('a.py:')));
		assert.equal(runCli(['scan', '-q', '--select', 'MCP302', 'a.py'], project()).stdout, '');
	});

	it('--show-fixes lists each fixable finding\'s rewrite under it', () => {
		const out = lines(runCli(['scan', '--show-fixes', 'a.py'], project()).stdout);
		const i = out.findIndex((l) => l.startsWith('a.py:3:7:'));
		assert.equal(out[i + 1], '    fix: Replace with `MCPServer` (safe)');
	});

	it('--show-fixes with --fix enumerates the files fixed', () => {
		const run = runCli(['scan', '--fix', '--show-fixes', '--fail-on', 'never'], project());
		assert.deepEqual(lines(run.stdout).slice(0, 3), ['Fixed 6 finding(s):', '- a.py: 3', '- tests/test_a.py: 3']);
	});
});

describe('colour', () => {
	const run = (env: Record<string, string>) => {
		const root = project();
		const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
		return spawnSync(process.execPath, [CLI_JS, 'scan', 'a.py'], { cwd: root, encoding: 'utf8', env: { ...clean, ...env }, timeout: 60_000 }).stdout;
	};
	// eslint-disable-next-line no-control-regex
	const ANSI = /\u001b\[/;

	it('is off on a pipe', () => {
		assert.doesNotMatch(run({}), ANSI);
	});

	it('is on when asked (FORCE_COLOR stands in for a TTY) and never with NO_COLOR', () => {
		assert.match(run({ FORCE_COLOR: '1' }), ANSI);
		assert.doesNotMatch(run({ FORCE_COLOR: '1', NO_COLOR: '1' }), ANSI);
	});

	it('is on a real terminal', { skip: !fs.existsSync('/usr/bin/script') && 'no script(1) to give the CLI a TTY' }, () => {
		const root = project();
		const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
		const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} scan a.py`;
		const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', env: clean, timeout: 60_000 });
		assert.match(tty.stdout, ANSI);
		const noColor = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...clean, NO_COLOR: '1' }, timeout: 60_000 });
		assert.match(noColor.stdout, /MCP103/);
		assert.doesNotMatch(noColor.stdout, ANSI);
	});
});
