import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lines, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/lspClient';
import { rangeOf } from '../helpers/text';

const PROJECT = path.join(__dirname, 'fixtures', 'project');
const read = (rel: string) => fs.readFileSync(path.join(PROJECT, rel), 'utf8');

interface JsonDiagnostic {
	file: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
	severity: string;
	code: string;
	message: string;
	symbol?: string;
	href: string;
}

interface JsonReport {
	version: number;
	files: number;
	diagnostics: JsonDiagnostic[];
}

function scanJson(args: string[], cwd = PROJECT): JsonReport {
	const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], cwd);
	assert.equal(run.code, 0, run.stderr);
	return JSON.parse(run.stdout) as JsonReport;
}

describe('scan --format json', () => {
	it('reports the fixture project exactly, sorted by file then position', () => {
		const report = scanJson([]);
		assert.equal(report.version, 1);
		assert.equal(report.files, 3);
		const app = read('app.py');
		const server = read('pkg/server.py');
		assert.deepEqual(report.diagnostics.map((d) => [d.file, d.code, d.severity, d.range]), [
			['app.py', 'MCP101', 'hint', rangeOf(app, 'TokenVerifier')],
			['app.py', 'MCP100', 'hint', rangeOf(app, 'TokenVerifier', 1)],
			['pkg/server.py', 'MCP103', 'warning', rangeOf(server, 'mcp.server.fastmcp')],
			['pkg/server.py', 'MCP101', 'hint', rangeOf(server, 'Context')],
			['pkg/server.py', 'MCP103', 'hint', rangeOf(server, 'Context', 1)],
			['pkg/server.py', 'MCP105', 'warning', rangeOf(server, 'client_id')],
		]);
	});

	it('gives each diagnostic exactly the documented keys', () => {
		const [first] = scanJson(['app.py']).diagnostics;
		assert.deepEqual(Object.keys(first), ['file', 'range', 'severity', 'code', 'message', 'symbol', 'href']);
		assert.equal(first.symbol, 'mcp.server.auth.provider.TokenVerifier');
		assert.match(first.href, /^https:\/\/py\.sdk\.modelcontextprotocol\.io\/migration\/#/);
		assert.match(first.message, /unchanged in V2/);
	});

	it('writes paths relative to the current directory with forward slashes', () => {
		const report = scanJson([path.join('test', 'cli', 'fixtures', 'project', 'pkg')], REPO_ROOT);
		assert.deepEqual([...new Set(report.diagnostics.map((d) => d.file))], ['test/cli/fixtures/project/pkg/server.py']);
	});

	it('scans the examples folder: valid shape, sorted, every file counted', () => {
		const examples = path.join(REPO_ROOT, 'examples');
		const pyFiles = fs.readdirSync(examples).filter((f) => f.endsWith('.py'));
		const report = scanJson(['examples'], REPO_ROOT);
		assert.equal(report.files, pyFiles.length);
		for (const d of report.diagnostics) {
			assert.ok(pyFiles.includes(d.file.replace(/^examples\//, '')), d.file);
			assert.match(d.code, /^MCP\d{3}$/);
			assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
			assert.match(d.href, /^https:\/\//);
		}
		const keys = report.diagnostics.map((d) => [d.file, d.range.start.line, d.range.start.character] as const);
		const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
		assert.deepEqual(keys, sorted);
	});
});

describe('scan --format text', () => {
	it('prints path:line:col: severity CODE message (1-based) and a summary', () => {
		const run = runCli(['scan', 'app.py'], PROJECT);
		const out = lines(run.stdout);
		assert.equal(out.length, 3);
		assert.match(out[0], /^app\.py:1:38: hint MCP101 `mcp\.server\.auth\.provider\.TokenVerifier` is unchanged in V2/);
		assert.match(out[1], /^app\.py:4:16: hint MCP100 /);
		assert.equal(out[2], '2 findings (2 hints) in 1 of 1 file scanned.');
	});

	it('says so when there is nothing to report', () => {
		const run = runCli(['scan', 'clean.py'], PROJECT);
		assert.equal(run.code, 0);
		assert.equal(run.stdout, 'No findings; 1 file scanned.\n');
	});
});

describe('exit codes', () => {
	const cases: [string[], number][] = [
		[['scan'], 1],
		[['scan', '--fail-on', 'error'], 0],
		[['scan', '--fail-on=never'], 0],
		[['scan', '--fail-on', 'warning', 'app.py'], 0],
		[['scan', '--fail-on', 'information', 'app.py'], 0],
		[['scan', '--fail-on', 'hint', 'app.py'], 1],
		[['scan', '--fail-on', 'hint', 'clean.py'], 0],
	];
	for (const [args, code] of cases) {
		it(`${args.join(' ')} → ${code}`, () => {
			const run = runCli(args, PROJECT);
			assert.equal(run.code, code, run.stderr);
			assert.equal(run.stderr, '');
		});
	}
});

describe('usage errors: exit 2, one line on stderr, nothing on stdout', () => {
	const cases: [string[], RegExp][] = [
		[['scan', 'missing.py'], /^mcp-auth-hints: cannot read missing\.py: no such file or directory$/],
		[['scan', 'app.py', 'missing-dir'], /missing-dir/],
		[['scan', '--verbose'], /^mcp-auth-hints: unknown option --verbose/],
		[['scan', '--format', 'xml'], /invalid --format "xml"; expected one of text, json/],
		[['scan', '--fail-on', 'fatal'], /invalid --fail-on "fatal"/],
		[['scan', '--format'], /option --format needs a value/],
		[['lint'], /unknown command "lint"/],
		[[], /missing command/],
		[['scan', '--config', 'nope.json'], /cannot read config file nope\.json/],
	];
	for (const [args, message] of cases) {
		it(`mcp-auth-hints ${args.join(' ')}`, () => {
			const run = runCli(args, PROJECT);
			assert.equal(run.code, 2);
			assert.equal(run.stdout, '');
			assert.equal(lines(run.stderr).length, 1, run.stderr);
			assert.match(lines(run.stderr)[0], message);
			assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
		});
	}
});

describe('--help and --version', () => {
	it('prints usage and exits 0', () => {
		const run = runCli(['--help'], PROJECT);
		assert.equal(run.code, 0);
		assert.match(run.stdout, /^Usage: mcp-auth-hints scan \[paths\.\.\.\]/);
		assert.match(run.stdout, /--fail-on error\|warning\|information\|hint\|never/);
	});

	it('prints the package version and the SDK releases the knowledge was verified against', () => {
		const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
		const sdk = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'server', 'knowledge', 'exports.json'), 'utf8')) as { releases: string[]; source: { tags: { tag: string; commit: string }[] } };
		const v2 = sdk.source.tags.find((t) => t.tag === 'v2.0.0')!;
		const run = runCli(['--version'], PROJECT);
		assert.equal(run.code, 0);
		const out = lines(run.stdout);
		assert.equal(out[0], `mcp-auth-hints ${version}`);
		assert.match(out[1], new RegExp(`verified against mcp ${sdk.releases[0].replace(/\./g, '\\.')} to ${sdk.releases.at(-1)!.replace(/\./g, '\\.')} `));
		assert.ok(out[2].includes(v2.commit), out[2]);
	});
});
