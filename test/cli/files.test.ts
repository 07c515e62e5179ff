import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lines, runCli, projectTrees } from '../helpers/cli';

// Which files a scan reads and how it decodes them. Each test builds its own tree in a temporary
// folder: ignored and binary files cannot be committed as fixtures (git itself would skip them).

const FINDING = 'from mcp.server.auth.provider import TokenVerifier\n';
const trees = projectTrees('mcp-auth-hints-cli-');
const tree = (files: Record<string, string | Buffer>): string => trees.make(files);

interface Report {
	files: number;
	diagnostics: { file: string; code: string; range: unknown }[];
}

function scan(cwd: string, ...args: string[]): Report {
	const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], cwd);
	assert.equal(run.code, 0, run.stderr);
	return JSON.parse(run.stdout) as Report;
}

const filesWithFindings = (report: Report) => [...new Set(report.diagnostics.map((d) => d.file))];

after(() => trees.cleanup());

describe('file selection', () => {
	it('skips .git, node_modules, .venv, venv, __pycache__ and site-packages', () => {
		const root = tree({
			'main.py': FINDING,
			'.git/hooks/x.py': FINDING,
			'node_modules/pkg/a.py': FINDING,
			'.venv/lib/b.py': FINDING,
			'venv/c.py': FINDING,
			'src/__pycache__/d.py': FINDING,
			'lib/python3.12/site-packages/mcp/e.py': FINDING,
			'src/f.py': FINDING,
			'notes.txt': FINDING,
		});
		const report = scan(root);
		assert.equal(report.files, 2);
		assert.deepEqual(filesWithFindings(report), ['main.py', 'src/f.py']);
	});

	it('honours .gitignore files, nested ones relative to their own folder, negations included', () => {
		const root = tree({
			'.gitignore': 'build/\n*_pb2.py\n',
			'app.py': FINDING,
			'api_pb2.py': FINDING,
			'build/gen.py': FINDING,
			'sub/.gitignore': 'secret.py\n!keep_pb2.py\n/local.py\n',
			'sub/secret.py': FINDING,
			'sub/keep_pb2.py': FINDING,
			'sub/other_pb2.py': FINDING,
			'sub/local.py': FINDING,
			'sub/deeper/local.py': FINDING,
			'sub/deeper/secret.py': FINDING,
			'other/secret.py': FINDING,
		});
		assert.deepEqual(filesWithFindings(scan(root)), ['app.py', 'other/secret.py', 'sub/deeper/local.py', 'sub/keep_pb2.py']);
	});

	it('applies the .gitignore files above the scanned folder up to the repository root', () => {
		const root = tree({
			'.git/HEAD': 'ref: refs/heads/main\n',
			'.gitignore': '*_pb2.py\n',
			'pkg/api_pb2.py': FINDING,
			'pkg/api.py': FINDING,
		});
		assert.deepEqual(filesWithFindings(scan(root, 'pkg')), ['pkg/api.py']);
	});

	it('applies the exclude setting from --config', () => {
		const root = tree({
			'app.py': FINDING,
			'legacy/old.py': FINDING,
			'settings.json': JSON.stringify({ 'mcpAuthHints.exclude': ['legacy/**'] }),
		});
		const report = scan(root, '--config', 'settings.json');
		assert.equal(report.files, 1);
		assert.deepEqual(filesWithFindings(report), ['app.py']);
	});

	it('survives a symlink loop and reports each real file once', { skip: process.platform === 'win32' }, () => {
		const root = tree({ 'a/app.py': FINDING });
		fs.symlinkSync(root, path.join(root, 'a', 'loop'), 'dir');
		fs.symlinkSync(path.join(root, 'a', 'app.py'), path.join(root, 'alias.py'));
		const report = scan(root);
		assert.equal(report.files, 1);
		assert.equal(report.diagnostics.length, 1);
	});

	it('scans a file named explicitly even when .gitignore ignores it', () => {
		const root = tree({ '.gitignore': 'gen.py\n', 'gen.py': FINDING });
		assert.equal(scan(root).files, 0);
		assert.deepEqual(filesWithFindings(scan(root, 'gen.py')), ['gen.py']);
	});
});

describe('decoding', () => {
	const source = '# ünïcode 🎉\nfrom mcp.server.auth.provider import TokenVerifier\n';
	const utf16be = (text: string) => {
		const le = Buffer.from(text, 'utf16le');
		for (let i = 0; i < le.length; i += 2) {
			[le[i], le[i + 1]] = [le[i + 1], le[i]];
		}
		return le;
	};

	it('reads UTF-8 with a BOM, UTF-16 LE/BE with a BOM and invalid UTF-8 with the same positions', () => {
		const root = tree({
			'a_plain.py': source,
			'b_bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source, 'utf8')]),
			'c_utf16le.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]),
			'd_utf16be.py': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(source)]),
			'e_invalid.py': Buffer.concat([Buffer.from('# \xff\xfe broken: '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`\n${source.split('\n')[1]}\n`)]),
		});
		const report = scan(root);
		assert.equal(report.files, 5);
		const ranges = Object.fromEntries(report.diagnostics.map((d) => [d.file, JSON.stringify(d.range)]));
		const expected = JSON.stringify({ start: { line: 1, character: 37 }, end: { line: 1, character: 50 } });
		assert.deepEqual(ranges, {
			'a_plain.py': expected, 'b_bom.py': expected, 'c_utf16le.py': expected, 'd_utf16be.py': expected, 'e_invalid.py': expected,
		});
	});

	it('reports a binary file as skipped instead of crashing', () => {
		const root = tree({ 'blob.py': Buffer.from([0, 1, 2, 0x6d, 0x63, 0x70, 0, 0xff]) });
		const run = runCli(['scan', '--format', 'json', '--fail-on', 'never'], root);
		assert.equal(run.code, 0);
		const report = JSON.parse(run.stdout) as Report;
		assert.deepEqual(report.diagnostics.map((d) => d.code), ['MCP199']);
	});
});

describe('--config', () => {
	it('applies rules.customizations in the nested, "mcpAuthHints" and dotted shapes', () => {
		const root = tree({
			'app.py': FINDING,
			'nested.json': JSON.stringify({ rules: { customizations: [{ rule: 'MCP101', severity: 'error' }] } }),
			'wrapped.json': JSON.stringify({ mcpAuthHints: { rules: { customizations: [{ rule: 'MCP101', severity: 'error' }] } } }),
			'dotted.json': JSON.stringify({ 'mcpAuthHints.rules.customizations': [{ rule: 'auth-import', severity: 'error' }], 'editor.tabSize': 4 }),
		});
		for (const config of ['nested.json', 'wrapped.json', 'dotted.json']) {
			const run = runCli(['scan', '--config', config, '--fail-on', 'error'], root);
			assert.equal(run.code, 1, `${config}: ${run.stdout}${run.stderr}`);
			assert.match(run.stdout, /^app\.py:1:38: error MCP101 /);
		}
	});

	it('turns a rule off', () => {
		const root = tree({ 'app.py': FINDING, 'c.json': JSON.stringify({ rules: { customizations: [{ rule: 'MCP1*', severity: 'off' }] } }) });
		assert.equal(scan(root, '--config', 'c.json').diagnostics.length, 0);
	});

	it('warns about invalid values on stderr and goes on with the defaults', () => {
		const root = tree({ 'app.py': FINDING, 'c.json': JSON.stringify({ maxFileSize: 'big' }) });
		const run = runCli(['scan', '--config', 'c.json', '--fail-on', 'never'], root);
		assert.equal(run.code, 0);
		assert.deepEqual(lines(run.stderr).map((l) => l.replace(/ invalid value.*/, '')), ['mcp-auth-hints: warning: mcpAuthHints.maxFileSize:']);
		assert.match(run.stdout, /MCP101/);
	});

	it('rejects a file that is not JSON with exit 2 and one line', () => {
		const root = tree({ 'app.py': FINDING, 'c.json': '{ "rules": ' });
		const run = runCli(['scan', '--config', 'c.json'], root);
		assert.equal(run.code, 2);
		assert.equal(lines(run.stderr).length, 1);
		assert.match(run.stderr, /^mcp-auth-hints: config file c\.json is not valid JSON/);
	});
});
