import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/analysis/model';
import { installedVersion, parseManifest, poetryToPep440, splitRequirement } from '../../server/src/project/manifests';
import { dependencyFindings, readProjectFacts, resolvesV2, summarizeUsage } from '../../server/src/project/project';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

// mcp requirements across every manifest format: where they are (spans), what they admit (PEP 440
// through @renovatebot/pep440), what lock files and venvs resolve, and MCP301 on top.

function spanText(text: string, span: { start: number; end: number }): string {
	return text.slice(span.start, span.end);
}

function tmpdir(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-manifests-'));
}

describe('pyproject.toml', () => {
	const text = [
		'[project]',
		'name = "x"',
		'dependencies = [',
		'  "httpx",',
		"  'mcp[cli] >= 1.9 ; python_version >= \"3.10\"',",
		']',
		'',
		'[project.optional-dependencies]',
		'dev = ["mcp>=1.9,<2"]',
		'legacy = ["MCP==1.5.*"]',
		'',
		'[tool.poetry.dependencies]',
		'python = "^3.10"',
		'mcp = { version = "~1.26", extras = ["cli"] }',
		'',
		'[tool.poetry.group.dev.dependencies]',
		'mcp = "^2.0"',
		'',
	].join('\n');
	const file = '/p/pyproject.toml';
	const { requirements, problem } = parseManifest(file, text);

	it('finds every mcp requirement with its section', () => {
		assert.equal(problem, undefined);
		assert.deepEqual(requirements.map((r) => r.section), [
			'project.dependencies', 'project.optional-dependencies.dev', 'project.optional-dependencies.legacy',
			'tool.poetry.dependencies', 'tool.poetry.group.dev.dependencies',
		]);
	});

	it('locates each requirement by its exact quoted text', () => {
		assert.deepEqual(requirements.map((r) => spanText(text, r.span)), [
			'mcp[cli] >= 1.9 ; python_version >= "3.10"', 'mcp>=1.9,<2', 'MCP==1.5.*', '~1.26', '^2.0',
		]);
	});

	it('evaluates the ranges with PEP 440 (Poetry constraints translated)', () => {
		assert.deepEqual(requirements.map((r) => [r.specifier, r.admitsV2, r.admitsV1]), [
			['>=1.9', true, true],
			['>=1.9,<2', false, true],
			['==1.5.*', false, true],
			['>=1.26,<1.27', false, true],
			['>=2.0,<3', true, false],
		]);
	});

	it('reports a TOML syntax error as a problem, not a crash', () => {
		const bad = parseManifest(file, '[project\ndependencies = ["mcp"]');
		assert.deepEqual(bad.requirements, []);
		assert.match(bad.problem ?? '', /cannot parse pyproject\.toml/);
	});
});

describe('requirements*.txt', () => {
	it('follows -r includes, skips options and comments, joins continuations', () => {
		const dir = tmpdir();
		try {
			fs.writeFileSync(path.join(dir, 'requirements.txt'), '# app\n-r requirements-base.txt\n--index-url https://example.invalid/simple\nuvicorn\n');
			fs.writeFileSync(path.join(dir, 'requirements-base.txt'), 'starlette\nmcp>=1.9 \\\n    ,<2  # keep 1.x\n');
			const facts = readProjectFacts([path.join(dir, 'requirements.txt')], [dir]);
			assert.deepEqual(facts.problems, []);
			assert.deepEqual(facts.requirements.map((r) => [path.basename(r.file), r.specifier, r.admitsV2]), [['requirements-base.txt', '>=1.9,<2', false]]);
			const base = facts.texts.get(path.join(dir, 'requirements-base.txt'))!;
			assert.equal(spanText(base, facts.requirements[0].span), 'mcp');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('knows every 1.x release the SDK facts table read: pins to 1.27-1.29 admit a 1.x release', () => {
		for (const version of ['1.27.2', '1.28.1', '1.29.0']) {
			const [req] = parseManifest('/p/requirements.txt', `mcp==${version}\n`).requirements;
			assert.deepEqual([req.admitsV1, req.admitsV2], [true, false], version);
		}
		const [future] = parseManifest('/p/requirements.txt', 'mcp>=2.4,<3\n').requirements;
		assert.deepEqual([future.admitsV1, future.admitsV2], [false, true]);
	});

	it('takes the whole requirement as the span when it is on one line', () => {
		const text = 'httpx\nmcp[cli]==1.26.0 ; sys_platform != "win32"  # pinned\n';
		const [req] = parseManifest('/p/requirements-dev.txt', text).requirements;
		assert.equal(spanText(text, req.span), 'mcp[cli]==1.26.0 ; sys_platform != "win32"');
		assert.equal(req.specifier, '==1.26.0');
		assert.equal(req.admitsV2, false);
	});

	it('marks direct references as not evaluable', () => {
		const [req] = parseManifest('/p/requirements.txt', 'mcp @ git+https://example.invalid/python-sdk\n').requirements;
		assert.match(req.unparsable ?? '', /direct reference/);
	});
});

describe('lock files and venvs', () => {
	it('reads the locked version from uv.lock and poetry.lock', () => {
		const lock = '[[package]]\nname = "anyio"\nversion = "4.0.0"\n\n[[package]]\nname = "mcp"\nversion = "2.0.0"\n';
		assert.equal(parseManifest('/p/uv.lock', `version = 1\n${lock}`).resolved?.version, '2.0.0');
		assert.equal(parseManifest('/p/poetry.lock', lock.replace('2.0.0', '1.26.0')).resolved?.version, '1.26.0');
	});

	it('reads the installed version from .venv and venv dist-info folders', () => {
		const dir = tmpdir();
		try {
			assert.equal(installedVersion(dir), undefined);
			fs.mkdirSync(path.join(dir, 'venv', 'lib', 'python3.11', 'site-packages', 'mcp-1.26.0.dist-info'), { recursive: true });
			fs.mkdirSync(path.join(dir, 'venv', 'lib', 'python3.11', 'site-packages', 'mcp_extra-9.0.dist-info'), { recursive: true });
			assert.equal(installedVersion(dir)?.version, '1.26.0');
			fs.mkdirSync(path.join(dir, '.venv', 'Lib', 'site-packages', 'mcp-2.1.0.dist-info'), { recursive: true });
			assert.equal(installedVersion(dir)?.version, '2.1.0');
			assert.equal(resolvesV2(readProjectFacts([], [dir])), true);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('helpers', () => {
	it('splits PEP 508 requirements', () => {
		assert.deepEqual(splitRequirement('mcp (>=1.9)'), { name: 'mcp', specifier: '>=1.9' });
		assert.deepEqual(splitRequirement('Mcp_Server.x[a,b]~=1.2;python_version<"3.12"'), { name: 'Mcp_Server.x', specifier: '~=1.2' });
	});

	it('translates Poetry constraints', () => {
		assert.equal(poetryToPep440('^1.9'), '>=1.9,<2');
		assert.equal(poetryToPep440('^0.3'), '>=0.3,<0.4');
		assert.equal(poetryToPep440('~1.26.1'), '>=1.26.1,<1.27');
		assert.equal(poetryToPep440('*'), '');
		assert.equal(poetryToPep440('>=1.2, <2'), '>=1.2,<2');
		assert.equal(poetryToPep440('1.26.0'), '==1.26.0');
	});
});

describe('MCP301 dependency-range', () => {
	const text = '[project]\ndependencies = ["mcp>=1.9"]\n[project.optional-dependencies]\nold = ["mcp<2"]\n';
	const facts = { ...readProjectFacts([], []), requirements: parseManifest('/p/pyproject.toml', text).requirements, texts: new Map([['/p/pyproject.toml', text]]) };
	const finding = (code: string): Finding => ({ code, rule: 'x', severity: 'warning', span: { start: 0, end: 1 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', href: 'https://x', tags: [], fixes: [] });

	it('warns on a range admitting 2.x while V1-only APIs remain, naming the count and the first place', () => {
		const usage = summarizeUsage([{ finding: finding('MCP100'), where: 'a.py:1' }, { finding: finding('MCP103'), where: 'a.py:2' }, { finding: finding('MCP205'), where: 'b.py:9' }]);
		const [f] = dependencyFindings(facts, () => usage, DEFAULT_SETTINGS).get('/p/pyproject.toml')!;
		assert.equal(f.code, 'MCP301');
		assert.equal(f.severity, 'warning');
		assert.match(f.message, /`mcp>=1\.9` admits 2\.x.*2 APIs .*first: a\.py:2/);
		assert.equal(spanText(text, f.span), 'mcp>=1.9');
		assert.deepEqual(f.range.start, { line: 1, character: 17 });
	});

	it('says "ready to move" on a <2 pin once nothing V1-only remains', () => {
		const findings = dependencyFindings(facts, () => summarizeUsage([{ finding: finding('MCP100'), where: 'a.py:1' }]), DEFAULT_SETTINGS).get('/p/pyproject.toml')!;
		assert.deepEqual(findings.map((f) => [spanText(text, f.span), f.severity]), [['mcp<2', 'information']]);
		assert.match(findings[0].message, /ready to move/);
	});

	it('follows rules.customizations', () => {
		const settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, customizations: [{ rule: 'dependency-range', severity: 'off' as const }] } };
		assert.equal(dependencyFindings(facts, () => summarizeUsage([]), settings).size, 0);
	});
});
