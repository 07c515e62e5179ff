import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { mayMatter, TRACKED_ROOTS } from '../../server/src/project/gate';
import { analyzeSource, readNotebook } from '../../server/src/project/sources';
import { joinCells } from '../../server/src/workspace/notebookText';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/settings';

// The scan gate (server/src/project/gate.ts) must lose nothing: over every fixture and example,
// the gated analysis of a project source equals the engine's ungated analysis, under the default
// settings and with the one setting that reports calls without imports. And it must gate
// something, or the proof proves nothing.

const ROOT = path.join(__dirname, '..', '..');
let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

function sources(dir: string): string[] {
	const out: string[] = [];
	for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
		const abs = path.join(dir, ent.name);
		if (ent.isDirectory()) {
			out.push(...sources(abs));
		} else if (/\.(py|ipynb)$/.test(ent.name)) {
			out.push(abs);
		}
	}
	return out;
}

const FILES = [...sources(path.join(ROOT, 'test', 'fixtures')), ...sources(path.join(ROOT, 'examples'))];
const VARIANTS: [string, Settings][] = [
	['default settings', DEFAULT_SETTINGS],
	['reportUnresolvedReceivers', { ...DEFAULT_SETTINGS, resources: { reportUnresolvedReceivers: true } }],
];

/** What analyzeSource gives for a .py file without the gate: the engine on the text. */
function ungated(text: string, settings: Settings) {
	return engine.analyzeText(text, { settings }).findings.map((finding) => ({ finding, range: finding.range }));
}

for (const [name, settings] of VARIANTS) {
	test(`the gate loses no finding over every fixture and example (${name})`, () => {
		assert.ok(FILES.length > 40, `expected the fixtures and examples, found ${FILES.length} files`);
		let gated = 0;
		for (const file of FILES) {
			const text = fs.readFileSync(file, 'utf8');
			const got = analyzeSource(engine, file, text, { settings });
			if (file.endsWith('.py')) {
				assert.deepEqual(got.findings, ungated(text, settings), path.relative(ROOT, file));
				if (!mayMatter(text, { settings })) {
					gated++;
				}
			} else {
				// A notebook is gated on its joined code cells: when the gate closes, the engine finds nothing there.
				const notebook = readNotebook(JSON.parse(text));
				assert.ok(typeof notebook !== 'string');
				const joined = joinCells(notebook.cells).text;
				if (!mayMatter(joined, { settings })) {
					assert.deepEqual(engine.analyzeText(joined, { settings }).findings, [], path.relative(ROOT, file));
					assert.deepEqual(got.findings, []);
				}
			}
		}
		if (name === 'default settings') {
			assert.ok(gated >= 2, `the gate skipped ${gated} fixtures: the comparison shows nothing`);
		} else {
			// With the setting, the import-less resources calls are reported, so the gate must let them through.
			const file = path.join(ROOT, 'test', 'fixtures', 'gate', 'unresolved_receiver.py');
			assert.ok(analyzeSource(engine, file, fs.readFileSync(file, 'utf8'), { settings }).findings.length > 0);
		}
	});
}

test('the gate passes every way Python can bind a tracked name, and only skips texts that cannot', () => {
	const passes = [
		'import mcp',
		'import os, mcp.server.auth as a',
		'import os, \\\n    mcp',
		'from mcp.server.auth.provider import TokenVerifier',
		'from agents.mcp import MCPServerStdio',
		'from anthropic.lib.tools.mcp import x  # mcp',
		'import mcp_types',
		'x = 1; import mcp',
		'if TYPE_CHECKING:\n    from mcp import ClientSession',
		'from mcp.server import (\n    auth,\n)',
		'm = importlib.import_module("mcp.server.auth")',
		'm = __import__("mcp")',
		'from . import mcp',
	];
	for (const text of passes) {
		assert.equal(mayMatter(text), true, text);
	}
	const skips = [
		'MCP_URL = "http://localhost/mcp"\nimport os',
		'# served over mcp\nimport json\nfrom typing import Any',
		'def build_mcp_config(x):\n    return {"mcpServers": x}\nimport os',
		'import requests\nmcp_enabled = True',
		'from mcpx import thing',
	];
	for (const text of skips) {
		assert.equal(mayMatter(text), false, text);
	}
	// The project-index hook: an import of a project module that uses mcp makes the file matter.
	assert.equal(mayMatter('from helpers import make_server\nmcp = 1', { projectModules: new Set(['helpers']) }), true);
	// Binary or oversized text always reaches the engine, which reports its one MCP199.
	assert.equal(mayMatter('import os\u0000'), true);
	assert.equal(mayMatter('x = 1\n'.repeat(10), { settings: { ...DEFAULT_SETTINGS, maxFileSize: 10 } }), true);
});

test('TRACKED_ROOTS holds every top-level package the knowledge has an entry or a tracked module under', () => {
	const roots = new Set<string>();
	const add = (fqn: string) => roots.add(fqn.split(/[.(]/)[0]);
	for (const area of ['auth', 'resources']) {
		const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'knowledge', `${area}.json`), 'utf8'));
		for (const m of file.trackedModules ?? []) {
			add(m);
		}
		for (const entry of file.entries) {
			add(entry.symbol);
			for (const alias of entry.aliases ?? []) {
				add(alias);
			}
		}
	}
	assert.ok(roots.has('mcp'));
	assert.deepEqual([...roots].filter((r) => !TRACKED_ROOTS.includes(r)), []);
});
