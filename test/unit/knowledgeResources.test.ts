// Every status in resources.json (its mcp.* entries) agrees with the generated SDK facts table:
// `added` for an API no 1.x release has (V2-only Client members, wire fields v1 never declared
// whose snake_case name V2 has), `unchanged`/`signature_changed` for one both lines have,
// `renamed`/`removed` for a v1 name V2 dropped, `watch` for one V2 still has. Not for the auth
// knowledge (knowledgeCompleteness / knowledgeTargets) or the wording of messages.
import assert from 'node:assert/strict';
import test from 'node:test';
import resourcesData from '../../server/knowledge/resources.json';
import exportsData from '../../server/knowledge/exports.json';
import type { KnowledgeEntry } from '../../server/src/knowledge/index';
import { SdkGraph } from '../../server/src/knowledge/sdkGraph';

const graph = new SdkGraph(exportsData as unknown as ConstructorParameters<typeof SdkGraph>[0]);
const V1 = [...Array(graph.firstV2).keys()];
const V2 = graph.firstV2;
const PARAM = /^([\w.]+)\(([A-Za-z_]\w*)=\)$/;

/**
 * Whether the symbol (a class or function path, a `Class.member`, a `Callable(kw=)`) exists in the
 * release: undefined when the table does not detail it there although its owner exists.
 */
function presentIn(symbol: string, kind: string, release: number): boolean | undefined {
	const param = PARAM.exec(symbol);
	if (param) {
		const [, callable, keyword] = param;
		if (graph.existsIn(callable, release)) {
			return graph.keywordIn(callable, '__init__', keyword, release);
		}
		const dot = callable.lastIndexOf('.');
		const owner = callable.slice(0, dot);
		return graph.existsIn(owner, release) ? graph.keywordIn(owner, callable.slice(dot + 1), keyword, release) : false;
	}
	if (kind === 'class' || kind === 'function' || kind === 'module') {
		return graph.existsIn(symbol, release);
	}
	const dot = symbol.lastIndexOf('.');
	const owner = symbol.slice(0, dot);
	return graph.existsIn(owner, release) ? graph.memberIn(owner, symbol.slice(dot + 1), release) : false;
}

function inAnyV1(symbol: string, kind: string): boolean | undefined {
	const seen = V1.map((r) => presentIn(symbol, kind, r));
	return seen.includes(true) ? true : seen.includes(undefined) ? undefined : false;
}

/** Why the entry's status disagrees with the table, or undefined when it agrees. */
function disagreement(e: KnowledgeEntry): string | undefined {
	const v1 = inAnyV1(e.symbol, e.kind);
	const v2 = presentIn(e.symbol, e.kind, V2);
	if (v1 === undefined || v2 === undefined) {
		return `the table does not detail it (v1 ${v1}, 2.0 ${v2})`;
	}
	const owner = e.symbol.slice(0, e.symbol.lastIndexOf('.'));
	const targetInV2 = !!e.target && /^\w+$/.test(e.target) && graph.memberIn(owner, e.target, V2) === true;
	switch (e.status) {
		case 'added':
			return v1 ? 'a v1 release has it' : v2 || targetInV2 ? undefined : 'neither it nor its target is in 2.0';
		case 'unchanged':
		case 'signature_changed':
			return v1 && v2 ? undefined : `v1 ${v1}, 2.0 ${v2}: not on both lines`;
		case 'renamed':
			return v1 && !v2 && targetInV2 ? undefined : `v1 ${v1}, 2.0 ${v2}, target in 2.0 ${targetInV2}`;
		case 'removed':
			return v1 && !v2 ? undefined : `v1 ${v1}, 2.0 ${v2}`;
		case 'watch':
			return v2 ? undefined : '2.0 does not have it';
		default:
			return v1 && !v2 ? undefined : `v1 ${v1}, 2.0 ${v2}`;
	}
}

const mcpEntries = (resourcesData.entries as KnowledgeEntry[]).filter((e) => e.symbol.startsWith('mcp.'));

test('every mcp status in resources.json agrees with the generated table', () => {
	const wrong = mcpEntries.flatMap((e) => {
		const why = disagreement(e);
		return why ? [`${e.symbol} [${e.status}]: ${why}`] : [];
	});
	assert.deepEqual(wrong, []);
	assert.ok(mcpEntries.length >= 45, `only ${mcpEntries.length} entries checked`);
});

test('V2-only wire fields and Client members are "added"; camelCase fields v1 declared stay "renamed"', () => {
	const status = (s: string) => mcpEntries.find((e) => e.symbol === s)?.status;
	for (const cls of ['ListResourcesResult', 'ListResourceTemplatesResult', 'ReadResourceResult']) {
		for (const field of ['resultType', 'ttlMs', 'cacheScope']) {
			assert.equal(status(`mcp.types.${cls}.${field}`), 'added', `${cls}.${field}`);
		}
	}
	for (const m of ['', '.session', '.list_resources', '.list_resource_templates', '.read_resource', '.read_resource(uri=)']) {
		assert.equal(status(`mcp.client.client.Client${m}`), 'added', `Client${m}`);
	}
	assert.equal(status('mcp.types.ListResourcesResult.nextCursor'), 'renamed');
	assert.equal(status('mcp.types.ResourceContents.mimeType'), 'renamed');
});

test('the check can fail: a wrong status is caught', () => {
	const e = mcpEntries.find((x) => x.symbol === 'mcp.types.ListResourcesResult.resultType')!;
	assert.match(disagreement({ ...e, status: 'renamed' }) ?? '', /v1 false/);
	const client = mcpEntries.find((x) => x.symbol === 'mcp.client.client.Client.list_resources')!;
	assert.ok(disagreement({ ...client, status: 'unchanged' }));
	const next = mcpEntries.find((x) => x.symbol === 'mcp.types.ListResourcesResult.nextCursor')!;
	assert.ok(disagreement({ ...next, status: 'added' }));
});
