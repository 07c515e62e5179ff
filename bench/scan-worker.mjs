// One benchmark process for the workspace-scan measurements. Started by bench/run.mjs:
//
//   node bench/scan-worker.mjs <job.json>
//
// job: { list: <file with the absolute paths>, modes: [...], rounds: N, out: <result file> }
// Modes, each a full pass over the list (file read -> work -> drop):
//   read    fs.readFileSync(f, 'utf8')
//   regex   read + one regex pass (the floor)
//   engine  read + engine.analyzeText(text), default settings (prefilter, parse, rules, tree deleted)
//   parse   read + parser.parse(text).delete() for the files containing "mcp": bare tree-sitter
//           over what the prefilter passes, no rules
//   ruff    read + ruff-wasm Workspace.check(text), only TID251 selected, banning mcp.server.auth
// Rounds run the modes round-robin in this one process; round 0 is the cold pass.
// performance.now() counts from process start, so `processMs` includes Node's own start-up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH, loadEngineModule, procMemory, require } from './lib.mjs';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = fs.readFileSync(job.list, 'utf8').split('\n').filter(Boolean);
const FLOOR_RE = /\bmcp\.server\.auth\b|\blist_resources\b|\bread_resource\b/g;

const result = { modes: {}, files: files.length, startMs: performance.now() };

async function setup(mode) {
	const t0 = performance.now();
	let run;
	let extra = {};
	if (mode === 'read') {
		run = (text) => text.length;
	} else if (mode === 'regex') {
		run = (text) => {
			let n = 0;
			FLOOR_RE.lastIndex = 0;
			while (FLOOR_RE.exec(text) !== null) n++;
			return n;
		};
	} else if (mode === 'engine') {
		const { Engine } = loadEngineModule();
		const engine = await Engine.create();
		let parsed = 0;
		run = (text) => {
			const r = engine.analyzeText(text);
			if (r.stats.parsed) parsed++;
			return r.findings.length;
		};
		extra = { parsed: () => parsed };
	} else if (mode === 'parse') {
		const { loadPython, createParser } = loadEngineModule();
		const parser = createParser(await loadPython());
		run = (text) => {
			if (!text.includes('mcp')) return 0;
			const tree = parser.parse(text);
			const errors = tree.rootNode.hasError ? 1 : 0;
			tree.delete();
			return errors;
		};
	} else if (mode === 'ruff') {
		let ruff;
		try {
			ruff = require(path.join(BENCH, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs'));
		} catch (err) {
			return { error: `ruff-wasm not installed (cd bench && npm ci): ${err.message.split('\n')[0]}` };
		}
		const ws = new ruff.Workspace({
			lint: {
				select: ['TID251'],
				'flake8-tidy-imports': { 'banned-api': { 'mcp.server.auth': { msg: 'banned here' } } },
			},
		}, ruff.PositionEncoding.Utf16);
		let syntaxErrors = 0;
		run = (text) => {
			const diags = ws.check(text);
			let n = 0;
			for (const d of diags) {
				if (d.code === 'TID251') n++;
				else if (d.code === null || d.code === undefined) syntaxErrors++;
			}
			return n;
		};
		extra = { syntaxErrors: () => syntaxErrors, version: ruff.Workspace.version() };
	} else {
		throw new Error(`unknown mode ${mode}`);
	}
	return { run, extra, initMs: performance.now() - t0 };
}

function pass(run) {
	let findings = 0;
	let chars = 0;
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	for (const f of files) {
		const text = fs.readFileSync(f, 'utf8');
		chars += text.length;
		findings += run(text);
	}
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(c0);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000, findings, chars };
}

const runners = {};
for (const mode of job.modes) {
	const r = await setup(mode);
	if (r.error) {
		result.modes[mode] = { error: r.error };
		continue;
	}
	runners[mode] = r;
	result.modes[mode] = { initMs: r.initMs, passes: [], cpu: [], findings: undefined };
}

for (let round = 0; round < job.rounds; round++) {
	for (const mode of job.modes) {
		const r = runners[mode];
		if (!r) continue;
		const p = pass(r.run);
		const m = result.modes[mode];
		m.passes.push(p.ms);
		m.cpu.push(p.cpuMs);
		m.findings = p.findings;
		m.chars = p.chars;
		if (round === 0) {
			m.firstPassEndMs = performance.now();
			m.memAfterFirstPass = procMemory();
		}
	}
}
for (const [mode, r] of Object.entries(runners)) {
	for (const [k, fn] of Object.entries(r.extra)) {
		result.modes[mode][k] = typeof fn === 'function' ? fn() : fn;
	}
}
result.memEnd = procMemory();
result.processMs = performance.now();
fs.writeFileSync(job.out, JSON.stringify(result));
