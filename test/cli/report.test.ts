import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

// Golden tests of `mcp-auth-hints report` on a small project with every manifest format, a
// notebook and an HTTP server. UPDATE_GOLDEN=1 rewrites the expected files.

const PROJECT = path.join(__dirname, 'fixtures', 'surface');
const GOLDEN = path.join(__dirname, 'golden');

function golden(name: string, actual: string): void {
	const file = path.join(GOLDEN, name);
	if (process.env.UPDATE_GOLDEN) {
		fs.writeFileSync(file, actual);
	}
	assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('report', () => {
	it('renders the auth API surface as Markdown (golden)', () => {
		const run = runCli(['report'], PROJECT);
		assert.equal(run.code, 0, run.stderr);
		assert.equal(run.stderr, '');
		golden('surface.md', run.stdout);
		assert.match(run.stdout, /\*\*Verdict summary:\*\* 1 symbol unchanged, 4 need changes, 1 removed\./);
	});

	it('renders the same report as JSON (golden)', () => {
		const run = runCli(['report', '.', '--format', 'json'], PROJECT);
		assert.equal(run.code, 0, run.stderr);
		golden('surface.json', run.stdout);
		const report = JSON.parse(run.stdout) as { summary: { unchanged: number; needChanges: number; removed: number }; resolved: { version: string }[] };
		assert.deepEqual([report.summary.unchanged, report.summary.needChanges, report.summary.removed], [1, 4, 1]);
		assert.deepEqual(report.resolved.map((r) => r.version), ['1.26.0']);
	});

	it('shows the version installed in .venv and says when the project resolves mcp 2.x', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-report-'));
		try {
			fs.writeFileSync(path.join(dir, 'app.py'), 'from mcp.server.fastmcp import FastMCP\n');
			fs.mkdirSync(path.join(dir, '.venv', 'lib', 'python3.12', 'site-packages', 'mcp-2.0.1.dist-info'), { recursive: true });
			const run = runCli(['report'], dir);
			assert.equal(run.code, 0, run.stderr);
			// Workspace-derived text is backslash-escaped in the Markdown (`2\.0\.1`); it renders the same.
			assert.match(run.stdout, /- Installed: mcp 2\\\.0\\\.1 \(\\\.venv\/lib\/python3\\\.12\/site\\-packages\/mcp\\-2\\\.0\\\.1\\\.dist\\-info\)/);
			assert.match(run.stdout, /resolves mcp 2\.x/);
			const scan = runCli(['scan', '--format', 'json', '--fail-on', 'never'], dir);
			const codes = (JSON.parse(scan.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics
				.filter((d) => d.code === 'MCP103').map((d) => d.severity);
			assert.ok(codes.length > 0 && codes.every((s) => s === 'error'), `MCP103 should be an Error: ${codes.join(',')}`);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('rejects an unknown report format and --fail-on', () => {
		assert.equal(runCli(['report', '--format', 'sarif'], PROJECT).code, 2);
		assert.equal(runCli(['report', '--fail-on', 'error'], PROJECT).code, 2);
	});
});
