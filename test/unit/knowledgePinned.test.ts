// The project's resolved mcp release reaches the knowledge: a name that some release has but the
// pinned one does not is reported as such ("exists from 1.27.2", "last in 1.19.0"), through the
// real CLI on a project folder; a name no release ever had stays one plain Information. Not for
// which names exist (exportsTable.test.ts) or the project pipeline's V2 decision (manifests tests).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ProjectFacts } from '../../server/src/project/project';
import { resolvedMcpVersion } from '../../server/src/project/project';
import { bundledKnowledge } from '../../server/src/knowledge/index';
import { lines, projectTrees, runCli } from '../helpers/cli';

const trees = projectTrees('mah-pinned-');
after(() => trees.cleanup());

function facts(specifiers: string[], resolved: string[] = []): ProjectFacts {
	return {
		requirements: specifiers.map((specifier) => ({ file: 'requirements.txt', section: 'requirements', text: `mcp${specifier}`, specifier, span: { start: 0, end: 0 }, admitsV1: true, admitsV2: true })),
		resolved: resolved.map((version) => ({ file: 'uv.lock', version, source: 'uv.lock' as const })),
		texts: new Map(),
		problems: [],
	};
}

test('the resolved release: a lock or installed copy, else an exact pin; nothing for ranges or disagreement', () => {
	assert.equal(resolvedMcpVersion(facts(['==1.28.0'])), '1.28.0');
	assert.equal(resolvedMcpVersion(facts(['==1.28'])), '1.28.0', 'spelled as the table spells it');
	assert.equal(resolvedMcpVersion(facts(['>=1.2,==1.26.0'])), '1.26.0');
	assert.equal(resolvedMcpVersion(facts(['>=1.2,<2'])), undefined);
	assert.equal(resolvedMcpVersion(facts(['==1.*'])), undefined, 'a wildcard is not a pin');
	assert.equal(resolvedMcpVersion(facts(['==1.26.0', '==1.28.0'])), undefined);
	assert.equal(resolvedMcpVersion(facts(['>=1'], ['1.27.2'])), '1.27.2');
	assert.equal(resolvedMcpVersion(facts(['==1.26.0'], ['1.29.0'])), '1.29.0', 'what is installed wins over what is asked for');
	assert.equal(resolvedMcpVersion(facts([], ['1.29.0', '2.0.0'])), undefined);
	assert.equal(resolvedMcpVersion(facts([])), undefined);
});

test('the knowledge answers "exists from" / "last in" for a release, and nothing for a release that has the name', () => {
	const k = bundledKnowledge();
	const ctx = 'mcp.server.auth.middleware.bearer_auth.AuthorizationContext';
	assert.deepEqual(k.availability(ctx, '1.26.0'), { version: '1.26.0', from: '1.27.2' });
	assert.equal(k.availability(ctx, '1.28.0'), undefined);
	assert.equal(k.availability(ctx, undefined), undefined);
	assert.equal(k.availability(ctx, '2.7.0'), undefined, 'a release the table did not read: say nothing');
	assert.deepEqual(k.availability('mcp.client.auth.MCP_PROTOCOL_VERSION', '1.29.0'), { version: '1.29.0', until: '1.19.0' });
	assert.deepEqual(k.availability('mcp.server.mcpserver.MCPServer', '1.29.0'), { version: '1.29.0', from: '2.0.0' });
	assert.equal(k.availability('mcp.server.auth.provider.NoSuchName', '1.29.0'), undefined);
});

const SOURCE = [
	'from mcp.server.auth.middleware.bearer_auth import AuthorizationContext',
	'from mcp.server.auth.provider import NoSuchName',
	'from mcp.client.auth import MCP_PROTOCOL_VERSION',
	'',
].join('\n');

function mcp101(root: string): string[] {
	const run = runCli(['scan', '.', '--format', 'concise', '--select', 'MCP101', '--exit-zero', '--quiet'], root);
	assert.equal(run.code, 0, run.stderr);
	return lines(run.stdout);
}

test('an import the pinned release lacks says so on the CLI; a never-existing name stays one plain Information', () => {
	const pinned = mcp101(trees.make({ 'requirements.txt': 'mcp==1.26.0\n', 'app.py': SOURCE }));
	assert.equal(pinned.length, 3, pinned.join('\n'));
	assert.match(pinned[0], /^app\.py:1:\d+: MCP101 .*is not in mcp 1\.26\.0 \(exists from 1\.27\.2\)$/);
	assert.match(pinned[1], /NoSuchName` is not importable from any mcp release/);
	assert.doesNotMatch(pinned[1], /the release this project resolves/);
	assert.match(pinned[2], /is not in mcp 1\.26\.0 \(last in 1\.19\.0\)$/);

	const later = mcp101(trees.make({ 'requirements.txt': 'mcp==1.28.0\n', 'app.py': SOURCE }));
	assert.doesNotMatch(later[0], /the release this project resolves/, 'mcp 1.28.0 has AuthorizationContext');

	const range = mcp101(trees.make({ 'requirements.txt': 'mcp>=1.20,<2\n', 'app.py': SOURCE }));
	assert.ok(range.every((l) => !/the release this project resolves/.test(l)), 'a range names no release');
});
