import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateAction } from '@action-validator/core';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../helpers/lspClient';

// The GitHub Action (action.yml): its schema check (SchemaStore's github-action schema through
// @action-validator/core), the inputs the docs promise, and scripts/ci/run-action.mjs running its
// steps against the fixture project (pass when clean, fail on a V1 import). The run from a clean
// checkout, which builds dist/ as GitHub would, is in .ci/run (`run-action.mjs --clean`).

const ACTION = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
const RUNNER = path.join(REPO_ROOT, 'scripts', 'ci', 'run-action.mjs');
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function runRunner(args: string[]): { code: number | null; output: string } {
	const run = spawnSync(process.execPath, [RUNNER, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
	return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('action.yml', () => {
	it('matches the action schema, and the schema check catches a broken action', () => {
		assert.deepEqual(validateAction(ACTION).errors, []);
		const noShell = ACTION.replace(/^ {6}shell: bash\n/m, '');
		assert.notEqual(noShell, ACTION);
		assert.ok(validateAction(noShell).errors.length > 0, 'a composite run step needs a shell');
		assert.ok(validateAction(ACTION.replace(/^description: .*\n/m, '')).errors.length > 0, 'description is required');
	});

	it('is a composite action with the inputs args, fail-on, sarif-file and annotations, and a sarif-file output', () => {
		const action = parseYaml(ACTION) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown>; runs: { using: string } };
		assert.equal(action.runs.using, 'composite');
		assert.deepEqual(Object.keys(action.inputs).sort(), ['annotations', 'args', 'fail-on', 'sarif-file']);
		assert.equal(action.inputs['sarif-file'].default, 'mcp-auth-hints.sarif');
		assert.ok('sarif-file' in action.outputs && 'exit-code' in action.outputs);
	});
});

describe('the action run locally (scripts/ci/run-action.mjs)', () => {
	it('passes on the clean fixture project and fails on a V1 import, with SARIF and annotations', () => {
		const run = runRunner([]);
		assert.equal(run.code, 0, run.output);
		assert.match(run.output, /passes on the clean project, fails on the break/);
	});

	it('fails when the action would pass on the break (a fail-on of never by default)', () => {
		// A copy of the action whose fail-on defaults to never: the runner must catch it.
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-action-copy-'));
		dirs.push(copy);
		fs.writeFileSync(path.join(copy, 'action.yml'), ACTION.replace(/(fail-on:\n(?: {4}.*\n)*? {4}default: )""/, '$1never'));
		assert.notEqual(fs.readFileSync(path.join(copy, 'action.yml'), 'utf8'), ACTION);
		fs.cpSync(path.join(REPO_ROOT, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
		fs.symlinkSync(path.join(REPO_ROOT, 'dist'), path.join(copy, 'dist'));
		const run = runRunner(['--action-path', copy]);
		assert.equal(run.code, 1, run.output);
		assert.match(run.output, /FAIL: expected exit 1 on the V1 import, got 0/);
	});
});
