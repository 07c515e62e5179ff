// Every knowledge entry's `verifiedAgainst` is a release the SDK facts table read, with the commit
// the generator recorded for its tag (scripts/knowledge/stamps.py writes them): no hand-typed
// stamp, no commit the table never saw. Post-2.0 watch entries name the release they were checked
// against, and that release does not have the change yet. Not for what the entries say
// (knowledge.test.ts) or whether their targets exist (knowledgeTargets.test.ts).
import assert from 'node:assert/strict';
import test from 'node:test';
import authData from '../../server/knowledge/auth.json';
import resourcesData from '../../server/knowledge/resources.json';
import exportsData from '../../server/knowledge/exports.json';
import type { KnowledgeEntry } from '../../server/src/knowledge/index';
import { bundledKnowledge } from '../../server/src/knowledge/index';

const table = exportsData as unknown as { releases: string[]; source: { tags: { tag: string; commit: string }[] } };
const recorded = new Map(table.source.tags.map((t) => [t.tag, t.commit]));
const entries = [...authData.entries, ...resourcesData.entries] as KnowledgeEntry[];
const newest = table.releases[table.releases.length - 1];

/** Why a stamp is not a recorded tag+commit, or undefined when it is one. */
function stampProblem(stamp: string): string | undefined {
	const m = /^mcp (\d+\.\d+\.\d+) \(v(\d+\.\d+\.\d+) ([0-9a-f]{40})\)$/.exec(stamp);
	if (!m) {
		return 'not of the form "mcp X.Y.Z (vX.Y.Z <commit>)"';
	}
	if (m[1] !== m[2]) {
		return `release ${m[1]} with tag v${m[2]}`;
	}
	const commit = recorded.get(`v${m[2]}`);
	if (!commit) {
		return `exports.json recorded no tag v${m[2]}`;
	}
	return commit === m[3] ? undefined : `v${m[2]} is ${commit} in exports.json`;
}

test('every verifiedAgainst stamp is a tag and commit exports.json recorded', () => {
	const bad = entries.flatMap((e) => {
		const why = stampProblem(e.verifiedAgainst);
		return why ? [`${e.symbol}: ${why}`] : [];
	});
	assert.deepEqual(bad, []);
	assert.ok(entries.length > 250);
});

test('the stamp check rejects a hand-typed or forged stamp', () => {
	const v2 = recorded.get('v2.0.0')!;
	assert.equal(stampProblem(`mcp 2.0.0 (v2.0.0 ${v2})`), undefined);
	assert.ok(stampProblem('mcp 2.0.0 (v2.0.0 6f69a37, 2026-07-28)'));
	assert.ok(stampProblem(`mcp 2.0.0 (v2.0.0 ${'0'.repeat(40)})`));
	assert.ok(stampProblem(`mcp 1.29.0 (v2.0.0 ${v2})`));
	assert.ok(stampProblem(`mcp 2.4.0 (v2.4.0 ${v2})`));
});

test('verdicts read off the module graph carry a recorded stamp too', () => {
	const knowledge = bundledKnowledge();
	for (const fqn of ['mcp.server.auth.handlers.authorize.logger', 'mcp.client.auth.utils.logger']) {
		const found = knowledge.lookup(fqn);
		assert.ok(found, fqn);
		assert.equal(stampProblem(found.entry.verifiedAgainst), undefined, `${fqn}: ${found.entry.verifiedAgainst}`);
	}
});

test('post-2.0 watch entries say which release they were checked against, and it lacks the change', () => {
	const graph = bundledKnowledge().graph!;
	const watch = (authData.entries as KnowledgeEntry[]).filter((e) => e.status === 'watch');
	assert.ok(watch.length > 0);
	for (const e of watch) {
		assert.ok(e.verifiedAgainst.startsWith(`mcp ${newest} `), `${e.symbol}: checked against ${e.verifiedAgainst}, the table's newest release is ${newest}`);
		// Every post-2.0 watch entry is a constructor keyword: the release checked must not accept it yet.
		const m = /^([\w.]+)\(([A-Za-z_]\w*)=\)$/.exec(e.symbol);
		assert.ok(m, `${e.symbol}: a keyword entry`);
		assert.equal(graph.acceptsInV2(m[1], '__init__', m[2]), false, `${e.symbol}: ${newest} already takes ${m[2]}=`);
	}
});
