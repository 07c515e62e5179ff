// Every V2 path the knowledge prints or writes must exist in mcp 2.0, per the SDK's own module graph
// (server/knowledge/exports.json): entry `target`s, the module/name of `import`-like fixes, and the
// targets the engine derives below a cover-all module (mcp.server.fastmcp -> mcp.server.mcpserver).
// Not for v1 facts or message wording (knowledge.test.ts) nor for how rules use targets.
//
// Which targets are checked: only machine-readable ones, i.e. a plain dotted path (`mcp.a.b.C`,
// `mcp.a.b.C.member`) or a keyword of a callable (`mcp.a.b.C(kw=)`, `mcp.a.b.C.method(kw=)`).
// Free-form targets written for people (`MCPServer.run('sse', sse_path=...)`, `scope=`,
// `starlette.routing.Mount(...)`) are excluded by that rule, and so are non-`mcp` paths.
import assert from 'node:assert/strict';
import test from 'node:test';
import authData from '../../server/knowledge/auth.json';
import resourcesData from '../../server/knowledge/resources.json';
import exportsData from '../../server/knowledge/exports.json';
import { bundledKnowledge, type KnowledgeEntry } from '../../server/src/knowledge/index';
import { SdkGraph } from '../../server/src/knowledge/sdkGraph';

const graph = new SdkGraph(exportsData as unknown as ConstructorParameters<typeof SdkGraph>[0]);
const entries: { file: string; entry: KnowledgeEntry }[] = [
	...(authData.entries as KnowledgeEntry[]).map((entry) => ({ file: 'auth.json', entry })),
	...(resourcesData.entries as KnowledgeEntry[]).map((entry) => ({ file: 'resources.json', entry })),
];

const DOTTED = /^mcp(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const KEYWORD = /^(mcp(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\(([A-Za-z_][A-Za-z0-9_]*)=\)$/;

/** Whether a dotted path is importable from mcp 2.0, or is a member of a class that is. */
function pathInV2(path: string): boolean {
	if (graph.existsInV2(path)) {
		return true;
	}
	const dot = path.lastIndexOf('.');
	return graph.memberInV2(path.slice(0, dot), path.slice(dot + 1)) === true;
}

/** Whether `callable(keyword=)` is accepted by mcp 2.0 (a class's constructor or a class's method). */
function keywordInV2(callable: string, keyword: string): boolean {
	const cls = graph.v2Canonical(callable);
	if (cls) {
		return graph.acceptsInV2(cls, '__init__', keyword) === true;
	}
	const dot = callable.lastIndexOf('.');
	const owner = graph.v2Canonical(callable.slice(0, dot));
	return !!owner && graph.acceptsInV2(owner, callable.slice(dot + 1), keyword) === true;
}

/** The V2 paths an entry claims, with what claims them. */
function claims(entry: KnowledgeEntry): { why: string; path: string }[] {
	const out: { why: string; path: string }[] = [];
	if (entry.target && (DOTTED.test(entry.target) || KEYWORD.test(entry.target))) {
		out.push({ why: 'target', path: entry.target });
	}
	const fix = entry.fix;
	if (fix?.kind === 'import') {
		out.push({ why: 'import fix', path: fix.name ? `${fix.module}.${fix.name}` : fix.module });
	} else if (fix?.kind === 'wrapKeyword') {
		out.push({ why: 'wrapKeyword fix', path: `${fix.module}.${fix.name}` });
	} else if (fix?.kind === 'callTarget') {
		out.push({ why: 'callTarget fix', path: `${fix.module}.${fix.function}` });
	}
	return out;
}

function exists(path: string): boolean {
	const kw = KEYWORD.exec(path);
	return kw ? keywordInV2(kw[1], kw[2]) : pathInV2(path);
}

test('every dotted target and every import fix names a path mcp 2.0 has', () => {
	const missing: string[] = [];
	let checked = 0;
	for (const { file, entry } of entries) {
		for (const { why, path } of claims(entry)) {
			checked++;
			if (!exists(path)) {
				missing.push(`${file} ${entry.symbol}: ${why} ${path}`);
			}
		}
	}
	assert.deepEqual(missing, []);
	// Most entries have no target (unchanged) or a free-form one; the floor keeps the dotted ones in
	// scope so that a format change cannot silently empty this test.
	assert.ok(checked >= 40, `only ${checked} targets checked`);
});

test('every target derived below a cover-all module exists in mcp 2.0, or the name is removed', () => {
	const knowledge = bundledKnowledge();
	const covers = entries.filter(({ entry }) => entry.coversSubmodules).map(({ entry }) => entry.symbol);
	const modules = (exportsData as unknown as { modules: Record<string, { names: Record<string, unknown> }> }).modules;
	const wrong: string[] = [];
	let derived = 0;
	for (const [module, info] of Object.entries(modules)) {
		if (!covers.some((c) => module === c || module.startsWith(`${c}.`))) {
			continue;
		}
		for (const name of Object.keys(info.names)) {
			const fqn = `${module}.${name}`;
			const resolved = name.startsWith('_') ? undefined : knowledge.lookup(fqn);
			if (!resolved?.derived) {
				continue;
			}
			derived++;
			if (resolved.derivedTarget && !DOTTED.test(resolved.derivedTarget)) {
				continue; // a stdlib/third-party name re-bound by the v1 module: its own package, not an SDK claim
			}
			if (resolved.derivedTarget ? !exists(resolved.derivedTarget) : !resolved.removedInV2) {
				wrong.push(`${fqn} -> ${resolved.derivedTarget ?? '(no target, not removed)'}`);
			}
		}
	}
	assert.deepEqual(wrong, []);
	assert.ok(derived >= 100, `only ${derived} derived names checked`);
});

test('the checker itself tells a real V2 path from a made-up one', () => {
	assert.ok(exists('mcp.server.mcpserver.MCPServer'));
	assert.ok(exists('mcp.server.mcpserver.server.MCPServer(auth_server_provider=)'));
	assert.ok(exists('mcp.server.mcpserver.server.MCPServer.run(max_request_body_size=)'));
	assert.ok(!exists('mcp.server.mcpserver.prompts.prompt_manager.PromptManager'));
	assert.ok(!exists('mcp.server.mcpserver.server.MCPServer(host=)'));
	assert.ok(!exists('mcp.server.mcpserver.exceptions.ValidationError'));
});
