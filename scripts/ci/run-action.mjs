// Runs the GitHub Action (action.yml, a composite action) here, without GitHub: reads action.yml
// with a YAML library, checks it against the action schema (@action-validator/core, SchemaStore's
// github-action schema), then runs its `run` steps in order the way a runner does: bash with
// `-eo pipefail`, the workspace as working directory, `${{ inputs.* }}` filled from the inputs or
// their defaults, GITHUB_ACTION_PATH / GITHUB_WORKSPACE / GITHUB_OUTPUT set, the first failing
// step ending the run. NOT a general Actions runner: any other expression, `uses:` or `if:` is
// refused, so the action cannot grow a step this script would silently skip.
//
//   node scripts/ci/run-action.mjs [--clean] [--fixture DIR] [--action-path DIR]
//
// As a script it tries the action on a copy of the fixture project (test/toolchain/fixtures/hooked)
// twice: clean (must pass, SARIF written) and with a V1 import added (must fail with an error
// annotation and MCP103 in the SARIF). `--clean` first copies this tree without dist/ and
// node_modules/, so the build step installs and builds from scratch as on GitHub.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction } from '@action-validator/core';
import { parse as parseYaml } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** action.yml parsed and validated; throws with every schema error listed. */
export function loadAction(actionPath = REPO) {
	const text = fs.readFileSync(path.join(actionPath, 'action.yml'), 'utf8');
	const state = validateAction(text);
	if (state.errors.length > 0) {
		throw new Error(`action.yml does not match the action schema:\n${state.errors.map((e) => `- ${e.path ?? ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`).join('\n')}`);
	}
	const action = parseYaml(text);
	if (action?.runs?.using !== 'composite') {
		throw new Error('action.yml: this runner knows composite actions only');
	}
	return action;
}

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

function fill(text, lookup, where) {
	return String(text).replace(EXPRESSION, (_, expr) => {
		const value = lookup(expr);
		if (value === undefined) {
			throw new Error(`${where}: unsupported expression \${{ ${expr} }}`);
		}
		return value;
	});
}

/** `key=value` lines and `key<<DELIM` blocks of a GITHUB_OUTPUT file. */
function readOutputs(file) {
	const outputs = {};
	const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
	for (let i = 0; i < lines.length; i++) {
		const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
		if (heredoc) {
			const body = [];
			for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) {
				body.push(lines[i]);
			}
			outputs[heredoc[1]] = body.join('\n');
		} else if (lines[i].includes('=')) {
			const at = lines[i].indexOf('=');
			outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
		}
	}
	return outputs;
}

/**
 * Runs the action's steps in `workspace`. Returns the exit code of the run (0 when every step
 * passed, else the failing step's), everything the steps printed, and the action's outputs.
 */
export function runAction({ actionPath = REPO, workspace, inputs = {}, env = {} }) {
	const action = loadAction(actionPath);
	const declared = action.inputs ?? {};
	for (const name of Object.keys(inputs)) {
		if (!(name in declared)) {
			throw new Error(`no input named ${name}`);
		}
	}
	const inputOf = (name) => String(inputs[name] ?? declared[name]?.default ?? '');
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-action-'));
	const stepOutputs = {};
	let output = '';
	let exitCode = 0;
	try {
		for (const [index, step] of action.runs.steps.entries()) {
			const where = `step ${index + 1} (${step.name ?? step.id ?? 'unnamed'})`;
			if (step.uses !== undefined || step.if !== undefined || step.run === undefined || step.shell !== 'bash') {
				throw new Error(`${where}: only \`run\` steps with \`shell: bash\` and no \`if\` are supported here`);
			}
			const lookup = (expr) => {
				const m = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expr);
				return m && m[1] in declared ? inputOf(m[1]) : undefined;
			};
			const script = path.join(scratch, `step${index}.sh`);
			fs.writeFileSync(script, fill(step.run, lookup, where));
			const outputFile = path.join(scratch, `output${index}`);
			const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v, lookup, `${where} env ${k}`)]));
			const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
				cwd: workspace,
				encoding: 'utf8',
				env: {
					...process.env,
					...env,
					...stepEnv,
					CI: 'true',
					GITHUB_ACTIONS: 'true',
					GITHUB_ACTION_PATH: actionPath,
					GITHUB_WORKSPACE: workspace,
					GITHUB_OUTPUT: outputFile,
				},
				timeout: 20 * 60_000,
			});
			output += `${run.stdout ?? ''}${run.stderr ?? ''}`;
			if (step.id) {
				stepOutputs[step.id] = readOutputs(outputFile);
			}
			if (run.status !== 0) {
				exitCode = run.status ?? 1;
				break;
			}
		}
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
	const outputs = {};
	for (const [name, spec] of Object.entries(action.outputs ?? {})) {
		outputs[name] = fill(spec.value, (expr) => {
			const m = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expr);
			return m ? stepOutputs[m[1]]?.[m[2]] ?? '' : undefined;
		}, `output ${name}`);
	}
	return { exitCode, output, outputs };
}

// --- the end-to-end check, run by .ci/run ----------------------------------------------------

function copyTree(from, to, skip = () => false) {
	fs.cpSync(from, to, { recursive: true, filter: (src) => !skip(path.relative(from, src)) });
}

function fail(message, output) {
	console.error(output);
	console.error(`FAIL: ${message}`);
	process.exit(1);
}

function main() {
	const argv = process.argv.slice(2);
	const fixtureAt = argv.indexOf('--fixture');
	const fixture = fixtureAt >= 0 ? path.resolve(argv[fixtureAt + 1]) : path.join(REPO, 'test', 'toolchain', 'fixtures', 'hooked');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-action-run-'));
	try {
		const pathAt = argv.indexOf('--action-path');
		let actionPath = pathAt >= 0 ? path.resolve(argv[pathAt + 1]) : REPO;
		if (argv.includes('--clean')) {
			// The action's checkout as GitHub makes it: the committed tree, no dist/, no node_modules/.
			actionPath = path.join(work, 'action');
			const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
			for (const rel of listed.stdout.split('\0').filter(Boolean)) {
				if (fs.existsSync(path.join(REPO, rel))) {
					fs.mkdirSync(path.dirname(path.join(actionPath, rel)), { recursive: true });
					fs.copyFileSync(path.join(REPO, rel), path.join(actionPath, rel));
				}
			}
		}
		const workspace = path.join(work, 'workspace');
		copyTree(fixture, workspace);

		console.log(`== the action on the clean project (action path ${argv.includes('--clean') ? 'a clean copy of this tree' : actionPath})`);
		const clean = runAction({ actionPath, workspace, inputs: { 'sarif-file': 'out/results.sarif' } });
		if (clean.exitCode !== 0) {
			fail(`the action failed on the clean project (exit ${clean.exitCode})`, clean.output);
		}
		const sarifFile = path.join(workspace, clean.outputs['sarif-file']);
		const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
		if (clean.outputs['sarif-file'] !== 'out/results.sarif' || sarif.version !== '2.1.0' || !(sarif.runs?.[0]?.tool?.driver?.rules?.length > 0)) {
			fail('no SARIF report at the sarif-file output', clean.output);
		}
		if (/^::(error|warning) /m.test(clean.output)) {
			fail('annotations on the clean project', clean.output);
		}

		console.log('== the action with a V1 import added');
		fs.writeFileSync(path.join(workspace, 'app', 'legacy.py'), 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("old")\n');
		const broken = runAction({ actionPath, workspace, inputs: { 'sarif-file': 'out/results.sarif' } });
		if (broken.exitCode !== 1 || broken.outputs['exit-code'] !== '1') {
			fail(`expected exit 1 on the V1 import, got ${broken.exitCode} (output exit-code ${broken.outputs['exit-code']})`, broken.output);
		}
		if (!/^::error file=app\/legacy\.py,line=1,col=6,.*MCP103/m.test(broken.output)) {
			fail('no error annotation for MCP103 in app/legacy.py', broken.output);
		}
		const results = JSON.parse(fs.readFileSync(sarifFile, 'utf8')).runs[0].results;
		if (!results.some((r) => r.ruleId === 'MCP103' && r.level === 'error' && r.locations[0].physicalLocation.artifactLocation.uri === 'app/legacy.py')) {
			fail('MCP103 in app/legacy.py missing from the SARIF report', broken.output);
		}

		console.log('== fail-on never and annotations off: passes, no annotations');
		const relaxed = runAction({ actionPath, workspace, inputs: { 'fail-on': 'never', annotations: 'false' } });
		if (relaxed.exitCode !== 0 || /^::error /m.test(relaxed.output) || !fs.existsSync(path.join(workspace, 'mcp-auth-hints.sarif'))) {
			fail('fail-on never / annotations false not honoured', relaxed.output);
		}
		console.log('== the GitHub Action: passes on the clean project, fails on the break');
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main();
}
