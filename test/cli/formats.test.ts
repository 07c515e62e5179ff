import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { lines, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/lspClient';

// scan --format sarif (validated against the official SARIF 2.1.0 schema as shipped in an npm
// package) and --format github; notebooks and manifests in the scan.

const PROJECT = path.join(__dirname, 'fixtures', 'surface');
const SARIF_SCHEMA = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function sarifValidator() {
	const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as Record<string, unknown>;
	// The schema is draft-04 ("id", "$schema" draft-04); Ajv 8 reads it as draft-07 once those two
	// keywords are moved aside (it uses no keyword whose meaning changed between the drafts).
	const { $schema: _ignored, id, ...rest } = schema;
	assert.match(String(id), /sarif-2\.1\.0/);
	// unicodeRegExp off: the schema's "language" pattern is not valid with the u flag.
	return new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile({ ...rest, $id: String(id) });
}

describe('scan --format sarif', () => {
	it('is valid SARIF 2.1.0 with a rule entry (inline help, no placeholder helpUri) for every rule', () => {
		const run = runCli(['scan', '--format', 'sarif'], PROJECT);
		assert.equal(run.code, 1, run.stderr);
		const log = JSON.parse(run.stdout) as {
			version: string;
			runs: { tool: { driver: { rules: { id: string; name: string; helpUri?: string; help: { text: string; markdown: string } }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; properties?: { notebookCell?: number } }[] }[];
		};
		const validate = sarifValidator();
		assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
		assert.equal(log.version, '2.1.0');
		const [run0] = log.runs;
		const rule302 = run0.tool.driver.rules.find((r) => r.id === 'MCP302')!;
		assert.equal(rule302.name, 'http-without-auth');
		assert.match(rule302.help.markdown, /^# http-without-auth \(MCP302\)/);
		assert.ok(run0.tool.driver.rules.every((r) => r.helpUri === undefined || !/\.invalid\b/.test(r.helpUri)));
		// MCP302 is a review finding (Information): SARIF's `note`.
		const http = run0.results.find((r) => r.ruleId === 'MCP302')!;
		assert.equal(http.level, 'note');
		assert.deepEqual([http.locations[0].physicalLocation.artifactLocation.uri, http.locations[0].physicalLocation.region.startLine, http.locations[0].physicalLocation.region.startColumn], ['server.py', 14, 9]);
		const cell = run0.results.find((r) => r.properties?.notebookCell === 4 && r.ruleId === 'MCP102')!;
		assert.equal(cell.locations[0].physicalLocation.artifactLocation.uri, 'client.ipynb');
		assert.match(cell.message.text, /^cell 4: /);
		assert.ok(run0.results.some((r) => r.ruleId === 'MCP301' && r.locations[0].physicalLocation.artifactLocation.uri === 'pyproject.toml'));
	});

	it('is valid with no results too', () => {
		const run = runCli(['scan', '--format', 'sarif', 'clean.py'], path.join(__dirname, 'fixtures', 'project'));
		assert.equal(run.code, 0, run.stderr);
		const validate = sarifValidator();
		assert.ok(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors));
	});
});

describe('scan --format github', () => {
	it('prints one workflow annotation per error or warning, never for information or hints', () => {
		const run = runCli(['scan', '--format', 'github', '--fail-on', 'error'], PROJECT);
		assert.equal(run.code, 0, run.stderr);
		const out = lines(run.stdout);
		// MCP302 (Information) gets no annotation; a break does, on its exact span.
		assert.ok(!out.some((l) => l.includes('(MCP302)')), 'no annotation for a review finding');
		assert.ok(out.includes('::warning file=server.py,line=3,col=6,endLine=3,endColumn=24,title=mcp-auth-hints (MCP103)::'
			+ out.find((l) => l.includes('file=server.py') && l.includes('(MCP103)'))!.split('::').slice(2).join('::')), out.join('\n'));
		assert.ok(out.every((l) => /^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=mcp-auth-hints \(MCP\d{3}\)::\S/.test(l)), out.join('\n'));
		const nb = out.find((l) => l.includes('file=client.ipynb') && l.includes('(MCP103)'))!;
		assert.match(nb, /^::warning file=client\.ipynb,line=1,col=92,.*::cell 4: /);
		const json = JSON.parse(runCli(['scan', '--format', 'json', '--fail-on', 'never'], PROJECT).stdout) as { diagnostics: { severity: string }[] };
		assert.equal(out.length, json.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').length);
		assert.ok(json.diagnostics.some((d) => d.severity === 'hint'), 'the fixture has hints to leave out');
	});

	it('escapes newlines and percent signs in messages', () => {
		const run = runCli(['scan', '--format', 'github', '--fail-on', 'never'], PROJECT);
		assert.ok(lines(run.stdout).every((l) => !l.includes('\r')));
	});
});

describe('notebooks and manifests in the scan', () => {
	it('maps notebook findings to the cell (file.ipynb#cell=N, N counting every cell)', () => {
		const run = runCli(['scan', '--format', 'json', '--fail-on', 'never'], PROJECT);
		const report = JSON.parse(run.stdout) as { files: number; diagnostics: { file: string; code: string; range: { start: { line: number; character: number } } }[] };
		assert.equal(report.files, 6);
		const nb = report.diagnostics.filter((d) => d.file.startsWith('client.ipynb'));
		assert.deepEqual(nb.map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), [
			'client.ipynb#cell=2:2:29 MCP101',
			'client.ipynb#cell=4:1:12 MCP102',
			'client.ipynb#cell=4:1:92 MCP103',
		]);
		const pins = report.diagnostics.filter((d) => d.code === 'MCP301');
		assert.deepEqual(pins.map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`), ['pyproject.toml:5:6']);
	});

	it('reports a notebook that is not JSON on stderr and goes on', () => {
		const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mcp-nb-'));
		try {
			fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
			fs.writeFileSync(path.join(dir, 'a.py'), 'from mcp.server.fastmcp import FastMCP\n');
			const run = runCli(['scan', '--fail-on', 'never'], dir);
			assert.equal(run.code, 0);
			assert.match(run.stderr, /cannot parse broken\.ipynb/);
			assert.match(run.stdout, /a\.py:1:6: warning MCP103/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
