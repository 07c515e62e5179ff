import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver';
import { CLI_JS, lines, projectTrees } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';

// Hostile workspace content against the real CLI as a process (and the language server's
// workspace scan, which reads the same manifests and walks the same way): what an untrusted folder can hold
// without any setting. Each case ran for minutes, grew to gigabytes or hung before its fix, so
// every run has a timeout: a hang fails the test instead of the suite. Big inputs are generated
// here, never committed; nothing is timed.

const POSIX = process.platform !== 'win32';
const TIMEOUT = 90_000;
const V1_USE = 'from mcp.server.fastmcp import FastMCP\napp = FastMCP("demo")\n';
const trees = projectTrees('mcp-auth-hints-hostile-');
after(() => trees.cleanup());

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function run(args: readonly string[], cwd: string): Run {
	const result = spawnSync(process.execPath, [CLI_JS, ...args], { cwd, encoding: 'utf8', timeout: TIMEOUT, maxBuffer: 256 * 1024 * 1024 });
	if (result.error) {
		assert.fail(`mcp-auth-hints ${args.join(' ')} did not finish: ${result.error.message}`);
	}
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
	files: number;
	diagnostics: { file: string; code: string; message: string }[];
}

function scanJson(cwd: string, ...args: string[]): { report: Report; stderr: string } {
	const r = run(['scan', '--format', 'json', '--fail-on', 'never', ...args], cwd);
	assert.equal(r.code, 0, r.stderr);
	return { report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('requirements includes that lead to special files or out of the workspace', { skip: !POSIX }, () => {
	it('-r /dev/zero is not read: a warning, and the scan finishes', () => {
		const root = trees.make({ 'requirements.txt': '-r /dev/zero\nmcp>=1.9\n', 'app.py': V1_USE });
		const { report, stderr } = scanJson(root);
		assert.match(stderr, /warning: .*requirements\.txt: not following -r \/dev\/zero: it is outside the scanned folders/);
		assert.ok(report.diagnostics.some((d) => d.code === 'MCP301'), 'the manifest itself is still read');
	});

	it('-r to a FIFO inside the workspace is not opened', () => {
		const root = trees.make({ 'requirements.txt': '-r pipe\n-r requirements-fifo.txt\n', 'app.py': V1_USE });
		execFileSync('mkfifo', [path.join(root, 'pipe')]);
		execFileSync('mkfifo', [path.join(root, 'requirements-fifo.txt')]); // also matched by the walk's name filter
		const { report, stderr } = scanJson(root);
		assert.match(stderr, /cannot read .*pipe: a named pipe \(FIFO\), not read/);
		assert.equal(report.files, 2);
	});
});

describe('the language server\'s workspace scan of the same workspace', { skip: !POSIX }, () => {
	it('answers workspace/diagnostic without reading /dev/zero, a FIFO or anything behind a link to /', async () => {
		const root = fs.realpathSync(trees.make({ 'requirements.txt': '-r /dev/zero\n-r pipe\nmcp>=1.9\n', 'app.py': V1_USE }));
		execFileSync('mkfifo', [path.join(root, 'pipe')]);
		fs.symlinkSync('/', path.join(root, 'everything'));
		const client = await LspClient.start({ workspaceFolders: [root] });
		try {
			const pull = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }) as Promise<WorkspaceDiagnosticReport>;
			const report = await Promise.race([pull, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('workspace/diagnostic did not answer')), 30_000).unref())]);
			const reported = report.items.filter((i) => i.kind === 'full' && i.items.length > 0).map((i) => i.uri).sort();
			assert.deepEqual(reported, ['app.py', 'requirements.txt'].map((f) => pathToFileURL(path.join(root, f)).href));
			assert.ok(client.logs.some((l) => /not following -r \/dev\/zero/.test(l)), client.logs.join('\n'));
			assert.ok(client.logs.some((l) => /pipe: a named pipe \(FIFO\), not read/.test(l)), client.logs.join('\n'));
		} finally {
			// A server stuck in a read would never answer shutdown: do not let the suite wait on it.
			await Promise.race([client.stop(), new Promise((r) => setTimeout(r, 5_000).unref())]);
			(client as unknown as { process?: { kill(): void } }).process?.kill();
		}
	});
});

describe('FIFOs and devices named on the command line: exit 2, one line, nothing opened', { skip: !POSIX }, () => {
	const root = trees.make({ 'app.py': V1_USE });
	execFileSync('mkfifo', [path.join(root, 'pipe.py')]);
	const cases: [string[], RegExp][] = [
		[['scan', 'pipe.py'], /^mcp-auth-hints: cannot scan pipe\.py: it is a named pipe \(FIFO\), not a file or folder$/],
		[['scan', 'app.py', '/dev/zero'], /^mcp-auth-hints: cannot scan \/dev\/zero: it is a device, not a file or folder$/],
		[['scan', '--fix', 'pipe.py'], /cannot scan pipe\.py: it is a named pipe/],
		[['scan', '--diff', '/dev/zero'], /cannot scan \/dev\/zero: it is a device/],
		[['report', '/dev/zero'], /cannot scan \/dev\/zero: it is a device/],
	];
	for (const [args, message] of cases) {
		it(`mcp-auth-hints ${args.join(' ')}`, () => {
			const r = run(args, root);
			assert.equal(r.code, 2, r.stderr);
			assert.equal(r.stdout, '');
			assert.equal(lines(r.stderr).length, 1, r.stderr);
			assert.match(lines(r.stderr)[0], message);
		});
	}
});

describe('symlinks out of the workspace are not walked', { skip: !POSIX }, () => {
	it('a link to / and one to a folder outside add no files', () => {
		const outside = trees.make({ 'leak.py': V1_USE });
		const root = trees.make({ 'app.py': V1_USE });
		fs.symlinkSync('/', path.join(root, 'everything'));
		fs.symlinkSync(outside, path.join(root, 'outside'));
		fs.symlinkSync(path.join(outside, 'leak.py'), path.join(root, 'leak.py'));
		const { report } = scanJson(root);
		assert.equal(report.files, 1);
		assert.deepEqual([...new Set(report.diagnostics.map((d) => d.file))], ['app.py']);
	});
});

describe('inputs that were quadratic or unbounded', () => {
	it('40,000 mcp lines in requirements.txt each get MCP301', () => {
		const requirements = Array.from({ length: 40_000 }, (_, i) => `mcp>=1.${i % 40}`).join('\n');
		const root = trees.make({ 'requirements.txt': `${requirements}\n`, 'app.py': V1_USE });
		const { report } = scanJson(root);
		assert.equal(report.diagnostics.filter((d) => d.code === 'MCP301').length, 40_000);
	});

	it('a .gitignore with 50,000 patterns over 4,000 files', () => {
		const patterns = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `dir${i}/` : i % 3 === 1 ? `*.tmp${i}` : `/file${i}.py`));
		const files: Record<string, string> = { '.gitignore': [...patterns, 'src/m99*.py'].join('\n') };
		for (let i = 0; i < 4_000; i++) {
			files[`src/m${i}.py`] = 'x = 1\n';
		}
		const { report } = scanJson(trees.make(files));
		assert.equal(report.files, 4_000 - 11); // m99.py and m990..m999.py are ignored
	});

	it('a 3 MB notebook of 20,000 cells is skipped by its file size (one MCP199), not parsed', () => {
		const cells = Array.from({ length: 20_000 }, (_, i) => ({ cell_type: 'code', metadata: {}, outputs: [], source: [`from mcp.server.fastmcp import FastMCP as F${i}\n`, `F${i}("x")\n`] }));
		const root = trees.make({ 'big.ipynb': JSON.stringify({ cells, metadata: { kernelspec: { language: 'python' } }, nbformat: 4 }) });
		assert.ok(fs.statSync(path.join(root, 'big.ipynb')).size > 2 * 1024 * 1024);
		const { report } = scanJson(root);
		assert.deepEqual(report.diagnostics.map((d) => [d.file, d.code]), [['big.ipynb', 'MCP199']]);
		assert.match(report.diagnostics[0].message, /maxFileSize/);
	});
});

describe('small ones', () => {
	it('a file name that is not UTF-8 fails the scan (exit 2) instead of passing over it', { skip: process.platform !== 'linux' }, () => {
		const root = trees.make({ 'ok.py': V1_USE });
		fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.py')]), V1_USE);
		const r = run(['scan'], root);
		assert.equal(r.code, 2, r.stderr);
		assert.equal(r.stdout, '');
		assert.match(lines(r.stderr)[0], /^mcp-auth-hints: cannot scan bad\uFFFD+\.py: the name is not valid UTF-8; rename it or exclude it$/);
		// Excluding it lets the rest be scanned.
		fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ exclude: ['bad*.py'] }));
		const excluded = run(['scan', '--config', 'config.json', '--format', 'json', '--fail-on', 'never'], root);
		assert.equal(excluded.code, 0, excluded.stderr);
		assert.equal((JSON.parse(excluded.stdout) as Report).files, 1);
	});

	it('a blanket # noqa in requirements.txt does not hide MCP301; # noqa: MCP301 does', () => {
		const root = trees.make({ 'requirements.txt': 'mcp>=1.9  # noqa\n', 'requirements-dev.txt': 'mcp>=1.8  # noqa: MCP301\n', 'app.py': V1_USE });
		const { report } = scanJson(root);
		assert.deepEqual(report.diagnostics.filter((d) => d.code === 'MCP301').map((d) => d.file), ['requirements.txt']);
	});

	it('odd notebooks give sentences on stderr, never JS internals', () => {
		const root = trees.make({
			'a.ipynb': JSON.stringify({ cells: [], metadata: { kernelspec: { language: 3 } } }),
			'b.ipynb': 'null',
			'c.ipynb': JSON.stringify({ cells: [null, { cell_type: 'code', source: [7, 'import mcp\n'] }], metadata: null }),
		});
		const { stderr } = scanJson(root);
		assert.deepEqual(lines(stderr), ['mcp-auth-hints: warning: cannot read b.ipynb as a notebook: the file is not a JSON object']);
	});
});
