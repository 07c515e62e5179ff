import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/lspClient';
import { runCli } from '../helpers/cli';

// Every rewrite the CLI writes must compile under CPython, not only parse under tree-sitter: copies
// of every Python fixture and example are fixed with `--fix` and with `--unsafe-fixes`, then each
// result goes through `py_compile` and must leave no import unused that was used before. Files that do not compile before the fix are left out (a fix
// cannot be blamed for them); the fix goldens (*.after.py) must compile as they are.

const PYTHON = 'python3';
const hasPython = spawnSync(PYTHON, ['--version']).status === 0;
const skip = hasPython ? false : `${PYTHON} is not on PATH`;

/** The .py files under the fixtures and examples, relative to the repository root. */
function pythonSources(): string[] {
	const out: string[] = [];
	const walk = (rel: string) => {
		for (const entry of fs.readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
			const child = path.posix.join(rel, entry.name);
			if (entry.isDirectory()) {
				walk(child);
			} else if (entry.isFile() && entry.name.endsWith('.py')) {
				out.push(child);
			}
		}
	};
	walk('test/fixtures');
	walk('examples');
	return out.sort();
}

/** CPython's verdict on each file: undefined when it compiles, else the error's last line. */
function pyCompile(files: readonly string[]): Map<string, string | undefined> {
	const script = [
		'import json, os, py_compile, sys, tempfile',
		'out = {}',
		'cfile = os.path.join(tempfile.mkdtemp(), "check.pyc")',
		'for f in sys.argv[1:]:',
		'    try:',
		'        py_compile.compile(f, cfile=cfile, doraise=True)',
		'        out[f] = None',
		'    except py_compile.PyCompileError as e:',
		'        out[f] = str(e.msg).strip().splitlines()[-1]',
		'print(json.dumps(out))',
	].join('\n');
	const run = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	assert.equal(run.status, 0, run.stderr);
	const verdicts = JSON.parse(run.stdout) as Record<string, string | null>;
	return new Map(files.map((f) => [f, verdicts[f] ?? undefined]));
}

/**
 * Names each file imports and never uses, read with CPython's own `ast` (pyflakes' notion, kept
 * simple and conservative: a name counts as used when it is loaded anywhere, or appears as a word
 * in any string, which covers `__all__` and string annotations).
 */
function unusedImports(files: readonly string[]): Map<string, string[]> {
	const script = [
		'import ast, json, re, sys',
		'out = {}',
		'for f in sys.argv[1:]:',
		'    tree = ast.parse(open(f, encoding="utf-8").read())',
		'    bound = set()',
		'    used = set()',
		'    for n in ast.walk(tree):',
		'        if isinstance(n, (ast.Import, ast.ImportFrom)):',
		'            for a in n.names:',
		'                if a.name != "*":',
		'                    bound.add(a.asname or a.name.split(".")[0])',
		'        elif isinstance(n, ast.Name):',
		'            used.add(n.id)',
		'        elif isinstance(n, ast.Constant) and isinstance(n.value, str):',
		'            used.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", n.value))',
		'    out[f] = sorted(bound - used)',
		'print(json.dumps(out))',
	].join('\n');
	const run = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	assert.equal(run.status, 0, run.stderr);
	const names = JSON.parse(run.stdout) as Record<string, string[]>;
	return new Map(files.map((f) => [f, names[f] ?? []]));
}

// Files a fix builder is known to break go here, each with the bug it shows. Keep empty.
const KNOWN_BROKEN: ReadonlyMap<string, string> = new Map();

describe('fixed files compile with py_compile', { skip }, () => {
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-fix-compiles-'));
	after(() => fs.rmSync(temp, { recursive: true, force: true }));
	const sources = hasPython ? pythonSources() : [];
	const before = hasPython ? pyCompile(sources.map((rel) => path.join(REPO_ROOT, rel))) : new Map<string, string | undefined>();
	const compilable = sources.filter((rel) => before.get(path.join(REPO_ROOT, rel)) === undefined && !KNOWN_BROKEN.has(rel));

	it('the sweep has material: most fixtures and examples compile before fixing', () => {
		assert.ok(compilable.length >= 40, `only ${compilable.length} of ${sources.length} sources compile before fixing`);
	});

	it('the checker itself rejects what tree-sitter accepts but CPython does not', () => {
		const bad = path.join(temp, 'repeated.py');
		fs.writeFileSync(bad, 'mcp.run(transport="sse", port=8001, port=8000)\n');
		assert.equal(pyCompile([bad]).get(bad), 'SyntaxError: keyword argument repeated: port');
	});

	it('every fix golden (*.after.py) compiles as it is', () => {
		const goldens = sources.filter((rel) => rel.endsWith('.after.py'));
		assert.ok(goldens.length > 0);
		const broken = goldens.filter((rel) => before.get(path.join(REPO_ROOT, rel)) !== undefined)
			.map((rel) => `${rel}: ${before.get(path.join(REPO_ROOT, rel))}`);
		assert.deepEqual(broken, [], 'fix goldens CPython rejects');
	});

	for (const mode of ['--fix', '--unsafe-fixes']) {
		it(`scan ${mode} over copies of every fixture and example writes only code that compiles`, () => {
			const root = path.join(temp, mode.replace(/^-+/, ''));
			for (const rel of compilable) {
				fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
				fs.copyFileSync(path.join(REPO_ROOT, rel), path.join(root, rel));
			}
			// A project on mcp 2, so --fix applies every safe rewrite (V2-only ones included).
			fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "sweep"\ndependencies = ["mcp>=2"]\n');
			const run = runCli(['scan', '.', mode, '--fail-on', 'never'], root);
			assert.equal(run.code, 0, run.stderr);
			const changed = Number(/fixed \d+ finding\(s\) in (\d+) file\(s\)/.exec(run.stderr)?.[1] ?? 0);
			assert.ok(changed >= 10, `the fixes changed only ${changed} file(s):\n${run.stderr}`);
			const verdicts = pyCompile(compilable.map((rel) => path.join(root, rel)));
			const broken = compilable.filter((rel) => verdicts.get(path.join(root, rel)) !== undefined)
				.map((rel) => `${rel}: ${verdicts.get(path.join(root, rel))}`);
			assert.deepEqual(broken, [], `scan ${mode} wrote code CPython rejects (a fix builder bug the compile guard missed)`);
			const unusedBefore = unusedImports(compilable.map((rel) => path.join(REPO_ROOT, rel)));
			const unusedAfter = unusedImports(compilable.map((rel) => path.join(root, rel)));
			// Counted, not named: a rename of an import that was already unused (FastMCP -> MCPServer)
			// leaves a different name unused, not a new unused import.
			const newlyUnused = compilable.flatMap((rel) => {
				const was = unusedBefore.get(path.join(REPO_ROOT, rel)) ?? [];
				const now = unusedAfter.get(path.join(root, rel)) ?? [];
				return now.length > was.length ? [`${rel}: ${was.join(', ') || 'none'} -> ${now.join(', ')}`] : [];
			});
			assert.deepEqual(newlyUnused, [], `scan ${mode} left imports unused that were used before`);
		});
	}
});
