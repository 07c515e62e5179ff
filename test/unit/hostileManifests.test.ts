import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ignore from 'ignore';
import type { Finding } from '../../server/src/analysis/model';
import { Engine } from '../../server/src/engine';
import { parseManifest } from '../../server/src/project/manifests';
import { dependencyFindings, MANIFEST_MAX_BYTES, readProjectFacts, summarizeUsage } from '../../server/src/project/project';
import { analyzeSource, readNotebook } from '../../server/src/project/sources';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { compileLayer } from '../../server/src/workspace/gitignore';
import { findPythonFiles } from '../../server/src/workspace/walk';

// Hostile workspace content seen in-process: manifest includes that lead out of the workspace,
// symlinks out of the walked root, a blanket `# noqa` in manifests, odd notebooks, and the
// compiled form of a huge .gitignore checked against the `ignore` package itself. The cases that
// would hang or exhaust memory without their fix (FIFOs, /dev/zero, 20k-cell notebooks) run the
// real CLI as a process with a timeout instead: test/cli/hostile.test.ts.

const POSIX = process.platform !== 'win32';
const made: string[] = [];
function tmp(files: Record<string, string> = {}): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-hostile-'));
	made.push(root);
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		fs.writeFileSync(path.join(root, rel), content);
	}
	return root;
}
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const V1_USE: Finding = {
	code: 'MCP103', rule: 'x', severity: 'warning', span: { start: 0, end: 1 },
	range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', href: 'https://x', tags: [], fixes: [],
};

describe('requirements includes stay inside the scanned folders', () => {
	it('does not follow -r ../outside.txt', () => {
		const outside = tmp({ 'outside.txt': 'mcp>=1.9\n' });
		const root = tmp();
		fs.writeFileSync(path.join(root, 'requirements.txt'), `-r ${path.relative(root, path.join(outside, 'outside.txt'))}\n`);
		const facts = readProjectFacts([path.join(root, 'requirements.txt')], [root]);
		assert.deepEqual(facts.requirements, []);
		assert.deepEqual([...facts.texts.keys()], [path.join(root, 'requirements.txt')]);
		assert.equal(facts.problems.length, 1);
		assert.match(facts.problems[0], /not following -r .*outside\.txt: it is outside the scanned folders/);
	});

	it('does not follow an include through a symlink that leads out', { skip: !POSIX }, () => {
		const outside = tmp({ 'base.txt': 'mcp>=1.9\n' });
		const root = tmp({ 'requirements.txt': '-r vendor/base.txt\n' });
		fs.symlinkSync(outside, path.join(root, 'vendor'));
		const facts = readProjectFacts([path.join(root, 'requirements.txt')], [root]);
		assert.deepEqual(facts.requirements, []);
		assert.match(facts.problems.join('\n'), /outside the scanned folders/);
	});

	it('follows an include inside the folder, and reads a self-include through a folder link once', { skip: !POSIX }, () => {
		const root = tmp({ 'requirements.txt': '-r again/requirements.txt\n-r requirements-base.txt\n', 'requirements-base.txt': 'mcp>=1.9\n' });
		fs.symlinkSync('.', path.join(root, 'again'));
		const facts = readProjectFacts([path.join(root, 'requirements.txt')], [root]);
		assert.deepEqual(facts.problems, []);
		assert.equal(facts.texts.size, 2, [...facts.texts.keys()].join(', '));
		assert.deepEqual(facts.requirements.map((r) => path.basename(r.file)), ['requirements-base.txt']);
	});

	it('does not read a manifest larger than the cap (a sparse file, so nothing big is written)', () => {
		const root = tmp();
		const file = path.join(root, 'requirements.txt');
		fs.writeFileSync(file, 'mcp>=1.9\n');
		fs.truncateSync(file, MANIFEST_MAX_BYTES + 1);
		const facts = readProjectFacts([file], [root]);
		assert.deepEqual(facts.requirements, []);
		assert.match(facts.problems.join('\n'), new RegExp(`requirements\\.txt: larger than ${MANIFEST_MAX_BYTES} bytes, not read`));
	});
});

describe('MCP301 and # noqa in manifests (README: a blanket # noqa does not hide findings)', () => {
	const usage = summarizeUsage([{ finding: V1_USE, where: 'a.py:1' }]);
	const codes = (file: string, text: string) => {
		const facts = { ...readProjectFacts([], []), requirements: parseManifest(file, text).requirements, texts: new Map([[file, text]]) };
		return (dependencyFindings(facts, () => usage, DEFAULT_SETTINGS).get(file) ?? []).map((f) => `${f.range.start.line}:${f.code}`);
	};

	it('requirements.txt: a blanket or foreign-code noqa keeps MCP301; # noqa: MCP301 hides it', () => {
		const text = 'mcp>=1.9  # noqa\nmcp>=1.8  # NOQA: E501\nmcp>=1.7  # noqa: MCP301\nmcp>=1.6  # noqa:E501,mcp301\n';
		assert.deepEqual(codes('/p/requirements.txt', text), ['0:MCP301', '1:MCP301']);
	});

	it('pyproject.toml behaves the same', () => {
		const text = '[project]\ndependencies = [\n  "mcp>=1.9",  # noqa\n]\n[project.optional-dependencies]\ndev = ["mcp>=1.8"]  # noqa: MCP301\n';
		assert.deepEqual(codes('/p/pyproject.toml', text), ['2:MCP301']);
	});

	it('gives every one of 20,000 mcp lines its own range (one line index per manifest)', { timeout: 120_000 }, () => {
		const text = Array.from({ length: 20_000 }, (_, i) => `mcp>=1.${i % 40}`).join('\n');
		const found = codes('/p/requirements.txt', text);
		assert.equal(found.length, 20_000);
		assert.equal(found[19_999], '19999:MCP301');
	});

	it('locates 5,000 identical pyproject entries each at its own place', { timeout: 120_000 }, () => {
		const text = `[project]\ndependencies = [\n${Array.from({ length: 5_000 }, () => '  "mcp>=1.9",').join('\n')}\n]\n`;
		const lines = codes('/p/pyproject.toml', text).map((c) => Number(c.split(':')[0]));
		assert.deepEqual(lines.slice(0, 3), [2, 3, 4]);
		assert.equal(new Set(lines).size, 5_000);
	});
});

describe('the walk never leaves the root through symlinks', { skip: !POSIX }, () => {
	it('skips links to folders and files outside, keeps links inside', () => {
		const outside = tmp({ 'leak.py': 'x = 1\n', 'pkg/deep.py': 'x = 1\n' });
		const root = tmp({ 'app.py': 'x = 1\n', 'src/mod.py': 'x = 1\n' });
		fs.symlinkSync(outside, path.join(root, 'out-dir'));
		fs.symlinkSync(path.join(outside, 'leak.py'), path.join(root, 'leak.py'));
		fs.symlinkSync('/', path.join(root, 'slash'));
		fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src-again'));
		fs.symlinkSync(path.join(root, 'app.py'), path.join(root, 'alias.py'));
		const walked = findPythonFiles(root);
		// Links inside the root are followed (each real file once); nothing outside is collected.
		const real = fs.realpathSync(root);
		assert.deepEqual(walked.files.map((f) => path.relative(real, fs.realpathSync(f))).sort(), ['app.py', path.join('src', 'mod.py')]);
		assert.deepEqual(walked.problems, []);
	});

	it('walks a root that is itself a symlink', () => {
		const real = tmp({ 'a.py': 'x = 1\n' });
		const holder = tmp();
		fs.symlinkSync(real, path.join(holder, 'link'));
		assert.deepEqual(findPythonFiles(path.join(holder, 'link')).files.map((f) => path.basename(f)), ['a.py']);
	});
});

describe('a huge .gitignore compiled once, with the same answers as the ignore package', () => {
	it('agrees with ignore() on every path for 2,000 mixed patterns', { timeout: 120_000 }, () => {
		// Shapes: literal names, anchored paths, dir-only, suffix and prefix wildcards, `?`, classes,
		// `**`, negations, escapes, upper case, trailing spaces, comments.
		const shapes = [
			(i: number) => `name${i}.py`, (i: number) => `/top${i}/`, (i: number) => `*.ext${i}`, (i: number) => `pre${i}*`,
			(i: number) => `a?c${i}`, (i: number) => `[ab]${i}x.py`, (i: number) => `**/deep${i}/**`, (i: number) => `!name${i - 1}.py`,
			(i: number) => `\\#hash${i}`, (i: number) => `Mixed${i}.PY`, (i: number) => `spaced${i}   `, (i: number) => `# comment ${i}`,
			(i: number) => `dir${i}/sub/`, (i: number) => `!/top${i - 1}/`, (i: number) => `x${i % 7}`, () => '*',
		];
		const patterns = Array.from({ length: 2_000 }, (_, i) => (i === 1_000 ? '!*.py' : shapes[i % shapes.length](i)));
		const content = patterns.filter((p) => p !== '*').join('\r\n');
		const reference = ignore().add(content);
		const compiled = compileLayer(content);
		const paths: string[] = [];
		for (let i = 0; i < 2_000; i += 7) {
			paths.push(`name${i}.py`, `src/name${i}.py`, `top${i}/`, `top${i}/f.py`, `x/top${i}/f.py`, `f.ext${i}`, `pre${i}abc.py`,
				`abc${i}`, `b${i}x.py`, `q/deep${i}/r/s.py`, `#hash${i}`, `mixed${i}.py`, `spaced${i}`, `dir${i}/sub/`, `dir${i}/sub/k.py`,
				`x${i % 9}`, `x${i % 9}/y.py`, `nothing${i}.txt`, `NAME${i}.PY`);
		}
		const differences = paths.filter((p) => JSON.stringify(pick(compiled.test(p))) !== JSON.stringify(pick(reference.test(p))));
		assert.deepEqual(differences, []);
		assert.ok(paths.some((p) => reference.test(p).ignored) && paths.some((p) => reference.test(p).unignored), 'both outcomes are exercised');
	});

	it('walks 300 files under 50,000 patterns, honouring the ones that match', { timeout: 120_000 }, () => {
		const patterns = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `dir${i}/` : i % 3 === 1 ? `*.tmp${i}` : `/file${i}.py`));
		patterns.push('/src/m7.py', 'm1*.py', '!m13.py');
		const root = tmp({ '.gitignore': patterns.join('\n') });
		for (let i = 0; i < 300; i++) {
			fs.mkdirSync(path.join(root, 'src'), { recursive: true });
			fs.writeFileSync(path.join(root, 'src', `m${i}.py`), 'x = 1\n');
		}
		const names = findPythonFiles(root).files.map((f) => path.basename(f));
		const expected = Array.from({ length: 300 }, (_, i) => `m${i}.py`).filter((n) => n !== 'm7.py' && !(n.startsWith('m1') && n !== 'm13.py'));
		assert.deepEqual(names.sort(), expected.sort());
	});
});

function pick(r: { ignored: boolean; unignored: boolean }): [boolean, boolean] {
	return [r.ignored, r.unignored];
}

describe('notebooks: size cap before parsing, and sentences for odd shapes', () => {
	let engine: Engine;
	before(async () => {
		engine = await Engine.create();
	});

	it('skips a notebook whose file is over maxFileSize even when its code is under it', () => {
		const code = 'from mcp.server.fastmcp import FastMCP\n';
		const cells = [{ cell_type: 'code', source: code, metadata: { padding: 'x'.repeat(4_000) } }];
		const text = JSON.stringify({ cells, metadata: {} });
		const settings = { ...DEFAULT_SETTINGS, maxFileSize: 2_000 };
		const result = analyzeSource(engine, '/p/big.ipynb', text, { settings });
		assert.deepEqual(result.findings.map((f) => f.finding.code), ['MCP199']);
		assert.match(result.findings[0].finding.message, /maxFileSize/);
		// Under a larger cap the same notebook is analysed as usual.
		const open = analyzeSource(engine, '/p/big.ipynb', text, { settings: { ...settings, maxFileSize: 10_000 } });
		assert.ok(open.findings.some((f) => f.finding.code === 'MCP103' && f.cell === 1));
	});

	const odd: [string, unknown, RegExp | undefined][] = [
		['null', null, /not a JSON object/],
		['a list', [1, 2], /not a JSON object/],
		['no cells', { metadata: {} }, /no "cells" list/],
		['cells not a list', { cells: 'x' }, /no "cells" list/],
		['a numeric language', { cells: [], metadata: { kernelspec: { language: 5 } } }, undefined],
		['metadata null', { cells: [], metadata: null }, undefined],
		['null cells and non-string source lines', { cells: [null, 7, { cell_type: 'code', source: [1, 'import os\n', null] }] }, undefined],
		['language_info not an object', { cells: [], metadata: { language_info: 'python' } }, undefined],
	];
	for (const [label, json, expected] of odd) {
		it(`${label}: ${expected ? 'a sentence' : 'no problem'}, never a JS error`, () => {
			const result = analyzeSource(engine, '/p/odd.ipynb', JSON.stringify(json), { settings: DEFAULT_SETTINGS });
			if (expected) {
				assert.match(result.problem ?? '', expected);
				assert.match(result.problem ?? '', /^cannot read odd\.ipynb as a notebook: /);
			} else {
				assert.equal(result.problem, undefined);
			}
			assert.doesNotMatch(result.problem ?? '', /is not a function|Cannot read prop|undefined|null/);
		});
	}

	it('keeps the code of string lines and numbers cells among all cells', () => {
		const nb = readNotebook({ cells: [{ cell_type: 'markdown', source: 'x' }, { cell_type: 'code', source: ['a = 1\n', 2, 'b = 2'] }] });
		assert.deepEqual(nb, { python: true, cells: [{ uri: '2', version: 0, text: 'a = 1\nb = 2' }] });
		assert.deepEqual(readNotebook({ cells: [], metadata: { kernelspec: { language: 'R' } } }), { python: false, cells: [] });
	});
});
