import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

// The layers the architecture promises (docs/ARCHITECTURE.md), as a test: every relative import
// of every source file is read with TypeScript's own pre-processor and checked against the
// allowed edges below. Adding an import across a forbidden edge fails here with the file and the
// edge named.

const ROOT = path.join(__dirname, '..', '..');

/** Layer of a source file: its folder under server/src (files at the top are the `engine`), or `client`. */
export function layerOf(rel: string): string {
	const p = rel.split(path.sep).join('/');
	if (p.startsWith('client/')) {
		return 'client';
	}
	const m = /^server\/src\/([^/]+)\//.exec(p);
	if (m) {
		return m[1];
	}
	if (/^server\/src\/[^/]+\.ts$/.test(p)) {
		return 'engine';
	}
	if (p.startsWith('server/knowledge/')) {
		return 'data';
	}
	return 'other';
}

/** Which layers each layer may import (itself always allowed). */
export const ALLOWED: Record<string, readonly string[]> = {
	analysis: [],
	common: [],
	knowledge: ['analysis', 'data'],
	facts: ['analysis', 'knowledge', 'engine:settings'],
	fixes: ['analysis', 'knowledge', 'facts'],
	rules: ['analysis', 'knowledge', 'facts', 'fixes', 'engine:settings'],
	engine: ['analysis', 'knowledge', 'facts', 'rules', 'fixes', 'engine'],
	workspace: ['analysis', 'engine:settings'],
	notes: [],
	project: ['analysis', 'knowledge', 'rules', 'workspace', 'engine', 'fixes'],
	report: ['analysis', 'rules', 'project', 'engine', 'workspace', 'markdown'],
	markdown: [],
	pool: ['analysis', 'engine', 'rules', 'project', 'workspace', 'knowledge'],
	cli: ['package.json', 'analysis', 'engine', 'rules', 'fixes', 'project', 'report', 'workspace', 'notes', 'knowledge', 'markdown', 'pool', 'common'],
	lsp: ['package.json', 'analysis', 'engine', 'rules', 'fixes', 'project', 'report', 'workspace', 'notes', 'knowledge', 'markdown', 'pool', 'common'],
	// The web worker's entry: the lsp door with browser transport and file access (issue 17).
	browser: ['lsp', 'engine', 'analysis', 'project', 'report', 'workspace', 'notes', 'pool', 'common'],
	client: ['common'],
};

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
		const p = path.join(dir, d.name);
		return d.isDirectory() ? sourceFiles(p) : d.name.endsWith('.ts') ? [p] : [];
	});
}

/** Forbidden edges: `from -> to (file imports spec)`. */
export function violations(files: readonly string[]): string[] {
	const out: string[] = [];
	for (const file of files) {
		const rel = path.relative(ROOT, file);
		const from = layerOf(rel);
		const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
		for (const ref of info.importedFiles) {
			const spec = ref.fileName;
			if (!spec.startsWith('.')) {
				if (from !== 'client' && /^vscode(-languageclient)?$|^vscode-languageclient\//.test(spec)) {
					out.push(`${rel}: ${from} -> ${spec} (only the client may import the VS Code API)`);
				}
				if (!['lsp', 'browser', 'client'].includes(from) && /^vscode-languageserver($|\/)/.test(spec) && spec !== 'vscode-languageserver-textdocument') {
					out.push(`${rel}: ${from} -> ${spec} (only the lsp door speaks the protocol)`);
				}
				if (/^vscode-language(server|client)\/browser$/.test(spec) && !/^(server|client)\/src\/browser\//.test(rel.split(path.sep).join('/'))) {
					out.push(`${rel}: ${from} -> ${spec} (browser-only APIs stay in server/src/browser and client/src/browser)`);
				}
				continue;
			}
			const abs = path.resolve(path.dirname(file), spec);
			const target = path.relative(ROOT, fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? path.join(abs, 'index') : abs);
			const to = target === 'package.json' ? 'package.json' : layerOf(target.endsWith('.json') ? target : `${target}.ts`);
			const toName = to === 'engine' ? `engine:${path.basename(target)}` : to;
			if (to === from) {
				continue;
			}
			const allowed = ALLOWED[from] ?? [];
			if (!allowed.includes(to) && !allowed.includes(toName)) {
				out.push(`${rel}: ${from} -> ${toName} (${spec})`);
			}
		}
	}
	return out;
}

test('no import crosses a forbidden layer edge', () => {
	const files = [...sourceFiles(path.join(ROOT, 'server', 'src')), ...sourceFiles(path.join(ROOT, 'client', 'src'))];
	assert.ok(files.length > 50);
	assert.deepEqual(violations(files), []);
});

test('the check fails when a forbidden edge is added back', () => {
	const dir = fs.mkdtempSync(path.join(ROOT, 'server', 'src', 'analysis', '.layers-'));
	const clientDir = fs.mkdtempSync(path.join(ROOT, 'client', 'src', '.layers-'));
	try {
		const bad = path.join(dir, 'bad.ts');
		fs.writeFileSync(bad, "import { RULES } from '../../rules';\nimport { x } from '../../lsp/server';\n");
		const badClient = path.join(clientDir, 'bad.ts');
		fs.writeFileSync(badClient, "import { Engine } from '../../../server/src/engine';\n");
		const found = violations([bad, badClient]);
		assert.equal(found.length, 3, found.join('\n'));
		assert.match(found[0], /analysis -> rules/);
		assert.match(found[1], /analysis -> lsp/);
		assert.match(found[2], /client -> engine:engine/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.rmSync(clientDir, { recursive: true, force: true });
	}
});

test('browser-only transports stay in the web folders, and nothing imports the web worker', () => {
	const lspDir = fs.mkdtempSync(path.join(ROOT, 'server', 'src', 'lsp', '.layers-'));
	const browserDir = fs.mkdtempSync(path.join(ROOT, 'server', 'src', 'browser', '.layers-'));
	try {
		const bad = path.join(lspDir, 'bad.ts');
		fs.writeFileSync(bad, "import { BrowserMessageReader } from 'vscode-languageserver/browser';\nimport { x } from '../../browser/main';\n");
		const good = path.join(browserDir, 'good.ts');
		fs.writeFileSync(good, "import { BrowserMessageReader } from 'vscode-languageserver/browser';\nimport { startServer } from '../../lsp/server';\n");
		const found = violations([bad, good]);
		assert.equal(found.length, 2, found.join('\n'));
		assert.match(found[0], /lsp -> vscode-languageserver\/browser \(browser-only/);
		assert.match(found[1], /lsp -> browser/);
	} finally {
		fs.rmSync(lspDir, { recursive: true, force: true });
		fs.rmSync(browserDir, { recursive: true, force: true });
	}
});
