import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../server/src/engine';
import { scanProject } from '../../server/src/project/scanProject';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { lines, runCli, projectTrees } from '../helpers/cli';

// Workspace edge cases for `scan` not covered by files.test.ts (symlink loops, decoding),
// cli.test.ts (usage errors: unknown flag, missing path, --format typo → exit 2 and one stderr
// line) or fix.test.ts/fix.ts (atomic --fix). Permission-denied cannot be tested here: the tests
// run as root, which reads a chmod 000 file anyway; special files stand in for "cannot be read
// as a file" instead.

const FINDING = 'from mcp.server.auth.provider import TokenVerifier\n';
const POSIX = process.platform !== 'win32';
const trees = projectTrees('mcp-auth-hints-edge-');
const tree = (files: Record<string, string>): string => trees.make(files);

interface Report {
	files: number;
	diagnostics: { file: string; code: string }[];
}

function scanJson(cwd: string, ...args: string[]): { report: Report; stderr: string } {
	const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], cwd);
	assert.equal(run.code, 0, run.stderr);
	return { report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const filesOf = (report: Report) => [...new Set(report.diagnostics.map((d) => d.file))].sort();

after(() => trees.cleanup());

describe('scan: awkward names and special files', () => {
	it('handles paths with spaces and non-ASCII characters, walked and named explicitly', () => {
		const root = tree({ 'my project/ünï cödé/app 🎉.py': FINDING, 'my project/plain.py': FINDING });
		const walked = scanJson(root, 'my project');
		assert.equal(walked.report.files, 2);
		assert.deepEqual(filesOf(walked.report), ['my project/plain.py', 'my project/ünï cödé/app 🎉.py']);
		const named = scanJson(root, 'my project/ünï cödé/app 🎉.py');
		assert.deepEqual(filesOf(named.report), ['my project/ünï cödé/app 🎉.py']);
		const text = runCli(['scan', '--fail-on', 'never', 'my project/ünï cödé'], root);
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /ünï cödé\/app 🎉\.py:1:\d+/);
	});

	it('skips a dangling symlink (a file deleted after it was linked) and scans the rest; exit is not 2', { skip: !POSIX }, () => {
		const root = tree({ 'app.py': FINDING, 'gone.py': FINDING });
		fs.symlinkSync(path.join(root, 'gone.py'), path.join(root, 'link.py'));
		fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dir-link'));
		fs.rmSync(path.join(root, 'gone.py'));
		const run = runCli(['scan', '--format', 'json'], root);
		assert.equal(run.code, 0, run.stderr); // not a usage error (2); app.py has information findings only
		const report = JSON.parse(run.stdout) as Report;
		assert.equal(report.files, 1);
		assert.deepEqual(filesOf(report), ['app.py']);
	});

	it('reports a file that vanished between the walk and the read, and goes on', async () => {
		const root = tree({ 'a.py': FINDING, 'b.py': FINDING });
		const engine = await Engine.create();
		const files = ['a.py', 'b.py'].map((f) => ({ file: path.join(root, f), root }));
		fs.rmSync(path.join(root, 'a.py')); // deleted after the walk listed it
		const scan = scanProject(engine, files, [root], DEFAULT_SETTINGS, (f) => path.relative(root, f));
		assert.deepEqual(scan.problems, ['cannot read a.py: no such file or directory']);
		assert.equal(scan.scanned, 1);
		assert.deepEqual([...new Set(scan.entries.map((e) => path.basename(e.file)))], ['b.py']);
	});

	describe('FIFOs and sockets named *.py are skipped without blocking', { skip: !POSIX }, () => {
		let root: string;
		let server: net.Server;
		before(async () => {
			root = tree({ 'app.py': FINDING });
			// Tests are not the bundle: mkfifo through child_process is fine here.
			execFileSync('mkfifo', [path.join(root, 'pipe.py')]);
			server = net.createServer();
			await new Promise<void>((resolve) => server.listen(path.join(root, 'sock.py'), resolve));
		});
		after(() => new Promise<void>((resolve) => server.close(() => resolve())));

		it('walks past them (opening the FIFO would hang the scan)', () => {
			assert.ok(fs.statSync(path.join(root, 'pipe.py')).isFIFO());
			assert.ok(fs.statSync(path.join(root, 'sock.py')).isSocket());
			const { report } = scanJson(root);
			assert.equal(report.files, 1);
			assert.deepEqual(filesOf(report), ['app.py']);
		});

		it('does the same through a symlink to the FIFO', () => {
			fs.symlinkSync(path.join(root, 'pipe.py'), path.join(root, 'pipe-link.py'));
			const { report } = scanJson(root);
			assert.deepEqual(filesOf(report), ['app.py']);
		});
	});
});

describe('scan: usage errors not covered in cli.test.ts', () => {
	const root = tree({ 'app.py': FINDING });
	const cases: [string[], RegExp][] = [
		[['scan', '--formt', 'json'], /^mcp-auth-hints: unknown option --formt/],
		[['scan', '--format', 'jsn', 'app.py'], /invalid --format "jsn"/],
		[['scan', 'app.py', 'no such dir/ü.py'], /cannot read no such dir\/ü\.py: no such file or directory/],
	];
	for (const [args, message] of cases) {
		it(`mcp-auth-hints ${args.join(' ')} → exit 2, one stderr line`, () => {
			const run = runCli(args, root);
			assert.equal(run.code, 2, run.stderr);
			assert.equal(run.stdout, '');
			assert.equal(lines(run.stderr).length, 1, run.stderr);
			assert.match(lines(run.stderr)[0], message);
		});
	}
});
