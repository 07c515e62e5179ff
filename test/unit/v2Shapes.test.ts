import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledKnowledge } from '../../server/src/knowledge';

// The V2-name entries against the SDK's real signatures (server/knowledge/exports.json, generated
// from the python-sdk tags): every keyword FastMCP() took at the last 1.x release that MCPServer()
// does not take at 2.0.0 has an MCPServer parameter entry that MCP104 reports, and every V2 import
// path of MCPServer / Context resolves to the entry. Not for the wording (the caret fixtures).

interface Signature { params: Record<string, [string, string, number | null, boolean][]> }
const exportsFile = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'server', 'knowledge', 'exports.json'), 'utf8')) as {
	releases: string[];
	classes: Record<string, { signatures?: Record<string, Signature> }>;
	modules: Record<string, { names: Record<string, [string, string, string?][]> }>;
};
const knowledge = bundledKnowledge();
const LAST_V1 = exportsFile.releases.filter((r) => r.startsWith('1.')).pop()!;
const V2 = '2.0.0';
const FASTMCP = 'mcp.server.fastmcp.server.FastMCP';
const MCPSERVER = 'mcp.server.mcpserver.server.MCPServer';
const CONTEXT = 'mcp.server.mcpserver.context.Context';

/** Whether a release set text ("1.12.3-1.29.0,2.0.0") includes the release. */
function inRange(ranges: string, release: string): boolean {
	const order = exportsFile.releases;
	return ranges.split(',').some((part) => {
		const [a, b] = part.split('-');
		const i = order.indexOf(release);
		return order.indexOf(a) <= i && i <= order.indexOf(b ?? a);
	});
}

function keywordsAt(cls: string, method: string, release: string): Set<string> {
	const params = exportsFile.classes[cls]?.signatures?.[method]?.params ?? {};
	return new Set(Object.entries(params).filter(([, rows]) => rows.some(([kind, r]) => kind !== 'var_kw' && kind !== 'var_pos' && inRange(r, release))).map(([name]) => name));
}

test(`every FastMCP() keyword of ${LAST_V1} that MCPServer() lacks at ${V2} is an MCP104 entry`, () => {
	const v1 = keywordsAt(FASTMCP, '__init__', LAST_V1);
	const v2 = keywordsAt(MCPSERVER, '__init__', V2);
	assert.ok(v1.size > 10 && v2.size > 10, 'exports.json has both signatures');
	const rejected = [...v1].filter((k) => !v2.has(k)).sort();
	assert.ok(rejected.includes('host') && rejected.includes('max_request_body_size'), rejected.join(', '));
	const entries = knowledge.paramsOf(MCPSERVER).filter((e) => e.rule === 'MCP104').map((e) => /\((\w+)=\)$/.exec(e.symbol)![1]).sort();
	assert.deepEqual(entries, rejected);
	// Each one the V2 run() accepts carries the move rewrite; the others (mount_path) have nowhere to go.
	const runAccepts = keywordsAt(MCPSERVER, 'run', V2);
	for (const e of knowledge.paramsOf(MCPSERVER)) {
		const kw = /\((\w+)=\)$/.exec(e.symbol)![1];
		assert.equal(e.fix?.kind === 'moveKeyword', runAccepts.has(kw), kw);
		assert.equal(e.status, runAccepts.has(kw) ? 'moved' : 'removed', kw);
	}
});

test('mount_path= on the V2 run()/sse_app() and fastmcp= on the V2 Context are entries, and V2 really lacks them', () => {
	for (const method of ['run', 'sse_app']) {
		assert.equal(keywordsAt(MCPSERVER, method, V2).has('mount_path'), false);
		assert.equal(knowledge.paramsOf(`${MCPSERVER}.${method}`).map((e) => e.symbol).join(), `${MCPSERVER}.${method}(mount_path=)`);
	}
	assert.equal(keywordsAt(CONTEXT, '__init__', V2).has('fastmcp'), false);
	assert.equal(keywordsAt(CONTEXT, '__init__', V2).has('mcp_server'), true);
	assert.deepEqual(knowledge.paramsOf(CONTEXT).map((e) => e.fix), [{ kind: 'renameKeyword', to: 'mcp_server', safety: 'safe' }]);
});

test('every V2 import path of MCPServer and Context resolves to its entry', () => {
	for (const canonical of [MCPSERVER, CONTEXT]) {
		const paths = Object.entries(exportsFile.modules).flatMap(([module, info]) => Object.entries(info.names)
			.filter(([name, rows]) => rows.some(([, r, c]) => inRange(r, V2) && (c ?? `${module}.${name}`) === canonical))
			.map(([name]) => `${module}.${name}`));
		assert.ok(paths.length >= 3, `${canonical}: ${paths.join(', ')}`);
		for (const p of paths) {
			const found = knowledge.lookup(p);
			assert.equal(found?.fqn, canonical, p);
			assert.equal(found?.entry.status, 'unchanged', p);
		}
	}
});
