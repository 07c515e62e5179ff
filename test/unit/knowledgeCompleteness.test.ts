// Completeness of the knowledge against the SDK's real module graph: every (module, name) pair that
// a tracked module (auth.json `trackedModules`) lets you import in some 1.x release gets a verdict
// from the engine's lookup — its own entry, the entry of the object it re-exports, a module that
// covers it, or a verdict read off the graph — unless it is one of the documented "not relevant"
// classes: a stdlib/third-party name the SDK module re-binds (its own package's business) or a
// private name. Not for what the verdicts say (knowledge.test.ts, knowledgeTargets.test.ts).
import assert from 'node:assert/strict';
import test from 'node:test';
import authData from '../../server/knowledge/auth.json';
import exportsData from '../../server/knowledge/exports.json';
import { bundledKnowledge } from '../../server/src/knowledge/index';

type Rows = [string, string, string?][];
const modules = (exportsData as unknown as { modules: Record<string, { names: Record<string, Rows> }> }).modules;
const releases = (exportsData as unknown as { releases: string[] }).releases;
const firstV2 = releases.findIndex((r) => r.startsWith('2.'));
const tracked: string[] = authData.trackedModules;
const knowledge = bundledKnowledge();

/** Whether a release range string ("1.7.0-1.9.3,2.0.0") includes some 1.x release. */
function inV1(range: string): boolean {
	return range.split(',').some((part) => releases.indexOf(part.split('-')[0]) < firstV2);
}

test('every importable name of a tracked module in 1.x resolves to a verdict or a documented not-relevant class', () => {
	const pairs: string[] = [];
	const unresolved: string[] = [];
	for (const [module, info] of Object.entries(modules)) {
		if (!tracked.some((t) => module === t || module.startsWith(`${t}.`))) {
			continue;
		}
		for (const [name, rows] of Object.entries(info.names)) {
			if (!rows.some(([, range]) => inV1(range))) {
				continue;
			}
			const fqn = `${module}.${name}`;
			pairs.push(fqn);
			const notRelevant = knowledge.isExternal(fqn) || name.startsWith('_');
			if (!notRelevant && !knowledge.lookup(fqn)) {
				unresolved.push(fqn);
			}
		}
	}
	assert.ok(pairs.length > 700, `the table has the tracked modules' names (${pairs.length})`);
	assert.deepEqual(unresolved, []);
});

test('a name no release had stays unresolved (the check can fail)', () => {
	assert.equal(knowledge.lookup('mcp.server.auth.provider.NoSuchName'), undefined);
	assert.ok(knowledge.unknownName('mcp.server.auth.provider.NoSuchName'));
});
