import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lines, projectTrees, runCli } from '../helpers/cli';

// The project configuration through the CLI: [tool.mcp-auth-hints] in pyproject.toml and a
// standalone mcp-auth-hints.toml found upward from the scanned path (nearest wins), every key,
// flags over the file, --config with TOML or JSON with comments, and invalid values as one message
// naming the file, key and line (exit 2).

// MCP103 twice (warning), MCP101 twice (information), MCP100 once (hint).
const SERVER = 'from mcp.server.fastmcp import FastMCP\nfrom mcp.server.auth.provider import TokenVerifier\nmcp = FastMCP("x")\n\nclass V(TokenVerifier):\n    pass\n';
const trees = projectTrees('mcp-config-');
after(() => trees.cleanup());

interface Json { diagnostics: { file: string; code: string }[] }
function findings(args: string[], cwd: string): string[] {
	const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], cwd);
	assert.equal(run.code, 0, run.stderr);
	return [...new Set((JSON.parse(run.stdout) as Json).diagnostics.map((d) => `${d.file} ${d.code}`))].sort();
}

const PYPROJECT = `[project]
name = "demo"
dependencies = ["mcp>=1.9,<2"]

[tool.mcp-auth-hints]
select = ["MCP10"]
ignore = ["MCP101"]
per-file-ignores = { "tests/*" = ["MCP103"] }
`;

describe('[tool.mcp-auth-hints] in pyproject.toml', () => {
	it('applies select, ignore and per-file-ignores', () => {
		const root = trees.make({ 'pyproject.toml': PYPROJECT, 'app.py': SERVER, 'tests/test_app.py': SERVER });
		assert.deepEqual(findings([], root), ['app.py MCP100', 'app.py MCP103', 'tests/test_app.py MCP100']);
	});

	it('is found upward from the scanned path, and the nearest file wins', () => {
		const root = trees.make({
			'pyproject.toml': PYPROJECT,
			'app.py': SERVER,
			'sub/mcp-auth-hints.toml': 'select = ["MCP101"]\n',
			'sub/b.py': SERVER,
		});
		assert.deepEqual(findings(['sub'], root), ['sub/b.py MCP101']);
		assert.deepEqual(findings(['.'], path.join(root, 'sub')), ['b.py MCP101']);
		assert.deepEqual(findings(['app.py'], root), ['app.py MCP100', 'app.py MCP103']);
	});

	it('a pyproject.toml without the table is not a configuration: the search goes on above it', () => {
		const root = trees.make({ 'mcp-auth-hints.toml': 'select = ["MCP100"]\n', 'pkg/pyproject.toml': '[project]\nname = "x"\n', 'pkg/a.py': SERVER });
		assert.deepEqual(findings(['pkg/a.py'], root), ['pkg/a.py MCP100']);
	});

	it('exclude, extend-exclude (relative to the config file), max-file-size and fail-on', () => {
		const root = trees.make({
			'mcp-auth-hints.toml': 'extend-exclude = ["legacy/"]\nmax-file-size = 10\nfail-on = "never"\n',
			'legacy/old.py': SERVER,
			'src/app.py': SERVER,
		});
		const run = runCli(['scan', '--format', 'json', 'src'], root);
		assert.equal(run.code, 0, 'fail-on "never" from the file');
		assert.deepEqual((JSON.parse(run.stdout) as Json).diagnostics.map((d) => `${d.file} ${d.code}`), ['src/app.py MCP199'], 'max-file-size 10 bytes');
		assert.deepEqual(findings(['.'], root), ['src/app.py MCP199'], 'legacy/ excluded');
	});

	it('exclude replaces, relative to the config file\'s folder, also when scanning from elsewhere', () => {
		const root = trees.make({ 'proj/mcp-auth-hints.toml': 'exclude = ["gen/"]\nselect = ["MCP103"]\n', 'proj/gen/x.py': SERVER, 'proj/y.py': SERVER });
		assert.deepEqual(findings(['proj'], root), ['proj/y.py MCP103']);
	});
});

describe('--force-exclude', () => {
	it('leaves out files named on the command line that the exclude matches, as pre-commit passes them', () => {
		const root = trees.make({ 'mcp-auth-hints.toml': 'exclude = ["gen/"]\nselect = ["MCP103"]\n', 'gen/x.py': SERVER, 'y.py': SERVER });
		assert.deepEqual(findings(['gen/x.py', 'y.py'], root), ['gen/x.py MCP103', 'y.py MCP103'], 'a named file is scanned by default');
		assert.deepEqual(findings(['--force-exclude', 'gen/x.py', 'y.py'], root), ['y.py MCP103']);
		const none = runCli(['scan', '--force-exclude', 'gen/x.py'], root);
		assert.equal(none.code, 0, none.stderr);
		assert.match(none.stdout, /0 files scanned/);
		assert.equal(runCli(['report', '--force-exclude', 'gen/x.py'], root).code, 2);
	});
});

describe('[severity]: rule severity overrides in the file', () => {
	it('overrides severities in the file\'s order (codes, names, wildcards), and a rule the selection leaves out stays out', () => {
		const root = trees.make({
			'mcp-auth-hints.toml': 'ignore = ["MCP101"]\n\n[severity]\nMCP103 = "error"\n"MCP10*" = "downgrade"\nauth-unchanged = "off"\nMCP101 = "error"\n',
			'app.py': SERVER,
		});
		const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', 'app.py'], root);
		assert.equal(run.code, 0, run.stderr);
		const found = (JSON.parse(run.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics.map((d) => `${d.code} ${d.severity}`);
		// MCP103: error, then one lower; MCP100 (auth-unchanged) off; MCP101 ignored by the selection despite "error".
		assert.deepEqual([...new Set(found)].sort(), ['MCP103 warning']);
	});

	it('an invalid severity names the file, key and line', () => {
		const root = trees.make({ 'pyproject.toml': '[tool.mcp-auth-hints.severity]\nMCP103 = "error"\nMCP100 = "loud"\n', 'app.py': SERVER });
		const run = runCli(['scan', 'app.py'], root);
		assert.equal(run.code, 2, run.stderr);
		assert.match(run.stderr, /^mcp-auth-hints: invalid configuration: pyproject\.toml:3: tool\.mcp-auth-hints\.severity\.MCP100: expected one of default, off, /);
	});
});

describe('flags win over the file', () => {
	it('--select replaces the file\'s selection; --ignore and --extend-select apply on top; --fail-on wins', () => {
		const root = trees.make({ 'pyproject.toml': PYPROJECT, 'app.py': SERVER });
		assert.deepEqual(findings(['--select', 'MCP101'], root), ['app.py MCP101']);
		assert.deepEqual(findings(['--ignore', 'MCP100'], root), ['app.py MCP103']);
		assert.deepEqual(findings(['--extend-select', 'MCP101'], root), ['app.py MCP100', 'app.py MCP101', 'app.py MCP103'], 'a later layer re-enables what the file ignored');
		assert.deepEqual(findings(['--extend-select', 'MCP302'], root), ['app.py MCP100', 'app.py MCP103'], 'the file\'s select and ignore stay');
		const strict = trees.make({ 'mcp-auth-hints.toml': 'fail-on = "never"\n', 'app.py': SERVER });
		assert.equal(runCli(['scan', 'app.py'], strict).code, 0);
		assert.equal(runCli(['scan', '--fail-on', 'warning', 'app.py'], strict).code, 1);
	});
});

describe('--config', () => {
	it('takes a TOML file (standalone or pyproject) instead of the search', () => {
		const root = trees.make({ 'mcp-auth-hints.toml': 'select = ["MCP100"]\n', 'ci/strict.toml': 'select = ["MCP103"]\n', 'app.py': SERVER });
		assert.deepEqual(findings(['--config', 'ci/strict.toml', 'app.py'], root), ['app.py MCP103']);
	});

	it('takes JSON with comments and trailing commas (a VS Code settings.json)', () => {
		const root = trees.make({
			'settings.json': '{\n  // shared with the editor\n  "mcpAuthHints.rules.customizations": [{ "rule": "MCP10*", "severity": "off" },],\n  /* block */ "editor.tabSize": 4,\n}\n',
			'app.py': SERVER,
		});
		assert.deepEqual(findings(['--config', 'settings.json', 'app.py'], root), []);
	});

	it('names the line of a JSON syntax error', () => {
		const root = trees.make({ 'c.json': '{\n  "rules": {\n    "customizations": [\n}\n', 'app.py': SERVER });
		const run = runCli(['scan', '--config', 'c.json', 'app.py'], root);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /^mcp-auth-hints: config file c\.json is not valid JSON \(line 4: /);
	});
});

describe('invalid configuration: one message naming the file, key and line, exit 2', () => {
	const cases: [string, string, RegExp][] = [
		['pyproject.toml', '[project]\nname = "x"\n\n[tool.mcp-auth-hints]\nselect = ["MCP103"]\nfail-on = "sometimes"\n', /^mcp-auth-hints: invalid configuration: pyproject\.toml:6: tool\.mcp-auth-hints\.fail-on: expected one of error, warning, information, hint, never, got "sometimes"/],
		['mcp-auth-hints.toml', '# comment\nselect = ["F401"]\n', /^mcp-auth-hints: invalid configuration: mcp-auth-hints\.toml:2: select: "F401" is not a rule code or prefix/],
		['mcp-auth-hints.toml', 'max-file-size = "2MB"\n', /^mcp-auth-hints: invalid configuration: mcp-auth-hints\.toml:1: max-file-size: expected a whole number of bytes/],
		['mcp-auth-hints.toml', '\nselct = ["MCP103"]\n', /^mcp-auth-hints: invalid configuration: mcp-auth-hints\.toml:2: selct: unknown key/],
		['mcp-auth-hints.toml', '[per-file-ignores]\n"a.py" = ["MCP103"]\n"tests/*" = "MCP101"\n', /^mcp-auth-hints: invalid configuration: mcp-auth-hints\.toml:3: per-file-ignores\.tests\/\*: expected an array/],
		['mcp-auth-hints.toml', 'select = ["MCP103"\n', /^mcp-auth-hints: invalid configuration: mcp-auth-hints\.toml:\d+: not valid TOML/],
	];
	for (const [name, text, message] of cases) {
		it(`${name}: ${JSON.stringify(text.split('\n').filter((l) => l && !l.startsWith('[project') && !l.startsWith('name')).join('; '))}`, () => {
			const root = trees.make({ [name]: text, 'app.py': SERVER });
			const run = runCli(['scan', 'app.py'], root);
			assert.equal(run.code, 2, run.stderr);
			assert.equal(lines(run.stderr).length, 1, run.stderr);
			assert.match(run.stderr, message);
			assert.equal(run.stdout, '');
		});
	}
});
