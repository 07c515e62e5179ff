// The language-server measurements: keystroke -> fresh diagnostics through the real server over
// JSON-RPC (node dist/server.js --stdio), the bare incremental re-parse of the same edits in this
// process, server memory with open documents, and start-up times.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH, loadEngineModule, procMemory, ROOT, stats } from './lib.mjs';
import { createRequire } from 'node:module';

const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A started server with a JSON-RPC connection that answers the client-side requests. */
export async function startServer({ folder, settings = { debounceMs: 0 } }) {
	const rpc = rootRequire('vscode-jsonrpc/node');
	const t0 = performance.now();
	const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d) => { stderr += d; });
	const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
	conn.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
	conn.onRequest('client/registerCapability', () => null);
	conn.onRequest('window/workDoneProgress/create', () => null);
	conn.onRequest('workspace/diagnostic/refresh', () => null);
	conn.onRequest('window/showMessageRequest', () => null);
	conn.onNotification(() => {});
	conn.onError(() => {});
	conn.listen();
	const folderUri = pathToFileURL(folder).href;
	const init = await conn.sendRequest('initialize', {
		processId: process.pid,
		rootUri: folderUri,
		workspaceFolders: [{ uri: folderUri, name: path.basename(folder) }],
		capabilities: {
			workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: false } },
			textDocument: {
				synchronization: { dynamicRegistration: false },
				diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
			},
		},
	});
	const readyMs = performance.now() - t0;
	conn.sendNotification('initialized', {});
	let version = 0;
	return {
		child,
		conn,
		init,
		readyMs,
		stderr: () => stderr,
		open(file, text) {
			const uri = pathToFileURL(file).href;
			conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: ++version, text } });
			return uri;
		},
		change(uri, range, text) {
			conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text }] });
		},
		pull(uri) {
			return conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
		},
		async stop() {
			try {
				await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
				conn.sendNotification('exit');
			} catch { /* already gone */ }
			await new Promise((resolve) => {
				const timer = setTimeout(() => { child.kill(); resolve(); }, 2000);
				child.once('exit', () => { clearTimeout(timer); resolve(); });
			});
			conn.dispose();
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The edit schedule: 100 insert/revert pairs = 200 single-character edits, deterministic.

function lineStarts(text) {
	const starts = [0];
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return starts;
}

/**
 * Edits as LSP ranges on the original text; each pair leaves the text as it was.
 * Kinds: 50 identifier characters ('x' at the end of an identifier), 25 unbalanced '(' (after an
 * identifier), 25 newlines (at the end of a line), at lines spread over the whole file.
 */
export function editSchedule(text, pairs = 100) {
	const lines = text.split('\n');
	const kinds = [];
	for (let i = 0; i < pairs; i++) kinds.push(i % 4 === 1 ? 'paren' : i % 4 === 3 ? 'newline' : 'ident');
	const edits = [];
	let state = 0x9e3779b9;
	const rand = () => {
		state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
		return state / 4294967296;
	};
	for (let i = 0; i < pairs; i++) {
		const kind = kinds[i];
		// A line in the i-th slice of the file, with an identifier on it.
		let line = Math.floor(((i + rand()) / pairs) * (lines.length - 1));
		let m;
		for (;; line = (line + 1) % (lines.length - 1)) {
			m = /[A-Za-z_][A-Za-z0-9_]*/.exec(lines[line]);
			if (m) break;
		}
		if (kind === 'newline') {
			const character = lines[line].length;
			edits.push({ kind, range: { start: { line, character }, end: { line, character } }, text: '\n' });
			edits.push({ kind: `${kind}-revert`, range: { start: { line, character }, end: { line: line + 1, character: 0 } }, text: '' });
		} else {
			const character = m.index + m[0].length;
			const ch = kind === 'paren' ? '(' : 'x';
			edits.push({ kind, range: { start: { line, character }, end: { line, character } }, text: ch });
			edits.push({ kind: `${kind}-revert`, range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' });
		}
	}
	return edits;
}

/** Per-edit times of applyChanges + reparse (bare) and applyChanges + analyze (engine), in this process. */
export async function bareEdits(text, edits, warmup) {
	const { Engine } = loadEngineModule();
	const engine = await Engine.create();
	const bare = engine.openDocument(text);
	bare.reparse();
	const full = engine.openDocument(text);
	const findings = full.analyze().findings.length;
	const run = (doc, fn, list) => list.map((e) => {
		const t0 = performance.now();
		doc.applyChanges([{ range: e.range, text: e.text }]);
		fn(doc);
		return performance.now() - t0;
	});
	run(bare, (d) => d.reparse(), edits.slice(0, warmup));
	run(full, (d) => d.analyze(), edits.slice(0, warmup));
	const reparse = run(bare, (d) => d.reparse(), edits);
	const analyze = run(full, (d) => d.analyze(), edits);
	// A full parse of the file for scale.
	const fulls = [];
	for (let i = 0; i < 10; i++) {
		const d = engine.openDocument(text);
		fulls.push(d.reparse());
		d.dispose();
	}
	if (bare.text !== text || full.text !== text) throw new Error('edit schedule did not restore the text');
	bare.dispose();
	full.dispose();
	return { reparse, analyze, fullParse: fulls, findings };
}

/** didChange -> textDocument/diagnostic result, per edit, through the real server. */
export async function keystrokes({ folder, file, text, edits, warmup }) {
	const server = await startServer({ folder });
	try {
		const uri = server.open(file, text);
		const first = await server.pull(uri);
		const baseline = first.items.length;
		const one = async (e) => {
			const t0 = performance.now();
			server.change(uri, e.range, e.text);
			const report = await server.pull(uri);
			const ms = performance.now() - t0;
			if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
			return { ms, items: report.items.length };
		};
		for (const e of edits.slice(0, warmup)) await one(e);
		const times = [];
		let restored = 0;
		for (let i = 0; i < edits.length; i++) {
			const r = await one(edits[i]);
			times.push(r.ms);
			if (i % 2 === 1 && r.items === baseline) restored++;
		}
		return { times, baselineDiagnostics: baseline, restoredPairs: restored, pid: server.child.pid, stderr: server.stderr().slice(0, 2000) };
	} finally {
		await server.stop();
	}
}

/**
 * Server RSS after opening `texts` (each analysed, so its tree is kept): the "100 typical
 * open files" are files of the corpus that mention mcp.
 */
export async function serverMemory({ folder, warmText, texts }) {
	const count = texts.length;
	const server = await startServer({ folder });
	try {
		const warm = server.open(path.join(folder, 'warm.py'), warmText);
		await server.pull(warm);
		await new Promise((r) => setTimeout(r, 200));
		const base = procMemory(server.child.pid);
		const t0 = performance.now();
		let diagnostics = 0;
		for (let i = 0; i < count; i++) {
			const uri = server.open(path.join(folder, `open_${i}.py`), texts[i]);
			diagnostics += (await server.pull(uri)).items.length;
		}
		const openMs = performance.now() - t0;
		await new Promise((r) => setTimeout(r, 200));
		const after = procMemory(server.child.pid);
		return {
			count,
			baseRssMB: base.rssMB,
			rssMB: after.rssMB,
			hwmMB: after.hwmMB,
			perDocMB: (after.rssMB - base.rssMB) / count,
			openMs,
			diagnostics,
		};
	} finally {
		await server.stop();
	}
}

/** Time from spawn to the initialize response, `n` fresh processes. */
export async function serverStartups({ folder, n }) {
	const times = [];
	for (let i = 0; i < n; i++) {
		const server = await startServer({ folder });
		times.push(server.readyMs);
		await server.stop();
	}
	return times;
}

function timeSpawn(args, cwd, env = process.env) {
	const t0 = performance.now();
	const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 30_000, maxBuffer: 1 << 28 });
	return { ms: performance.now() - t0, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The read floor: a fresh process walking `dir` and reading every .py file (bench/read-floor.mjs). */
export function readFloor(dir, runs) {
	const times = [];
	let last;
	for (let i = 0; i < runs; i++) {
		last = timeSpawn([path.join(BENCH, 'read-floor.mjs'), dir]);
		times.push(last.ms);
	}
	return { times, ...JSON.parse(last.stdout || '{}') };
}

/** `node dist/cli.js scan onefile/` and a bare `node -e 0`, `n` process starts each. */
export function cliStartups({ onefileDir, n, cacheDir }) {
	const node = [];
	const cli = [];
	let last;
	for (let i = 0; i < n; i++) {
		node.push(timeSpawn(['-e', '0']).ms);
		// An empty result cache each time: the first scan of a file, not a cache hit.
		fs.rmSync(cacheDir, { recursive: true, force: true });
		last = timeSpawn([CLI, 'scan', path.basename(onefileDir) + '/'], path.dirname(onefileDir), { ...process.env, MCP_AUTH_HINTS_CACHE_DIR: cacheDir });
		cli.push(last.ms);
	}
	return { node, cli, lastStatus: last.status, lastStdout: last.stdout.slice(0, 1500), lastStderr: last.stderr.slice(0, 1500) };
}

/**
 * The real CLI over a whole folder (walk, .gitignore, local modules, analysis, output). `cacheDir`:
 * its result cache (MCP_AUTH_HINTS_CACHE_DIR); `clear` empties it before every run (cold scans).
 */
export function cliScan(dir, runs, { cacheDir, clear = true } = {}) {
	const times = [];
	let last;
	for (let i = 0; i < runs; i++) {
		if (cacheDir && clear) fs.rmSync(cacheDir, { recursive: true, force: true });
		const env = cacheDir ? { ...process.env, MCP_AUTH_HINTS_CACHE_DIR: cacheDir } : process.env;
		const t0 = performance.now();
		last = spawnSync(process.execPath, [CLI, 'scan', dir, '--fail-on', 'never', '--format', 'json'], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 30, env });
		times.push(performance.now() - t0);
	}
	let findings;
	try {
		const out = JSON.parse(last.stdout);
		findings = Array.isArray(out.diagnostics) ? out.diagnostics.length : undefined;
	} catch { /* not JSON */ }
	return { times, status: last.status, findings, stderr: (last.stderr ?? '').slice(0, 1000) };
}

export function serverBuilt() {
	return fs.existsSync(SERVER);
}

export function cliBuilt() {
	return fs.existsSync(CLI) ? fs.statSync(CLI).size : 0;
}

export { stats };
