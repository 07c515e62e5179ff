import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { __rulesForTest } from '../../server/src/fileAnalysis';
import { EngineDocument } from '../../server/src/engine';
import { LspClient, waitFor } from '../helpers/lspClient';
import { AUTH_SERVER, rangeOf } from '../helpers/text';

// An exception inside the analysis must cost that analysis, never the server: the server runs
// in this process (LspClient.startInProcess, the same startServer as dist/server.js) so a rule
// can be made to throw through the test-only __rulesForTest hook.

describe('a throwing rule or analysis in the language server', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.startInProcess();
	});
	after(() => client.stop());

	it('returns the other rules\' diagnostics and logs the failing rule once', async () => {
		const rule = __rulesForTest.find((r) => r.name === 'auth-removed')!;
		const original = rule.run;
		rule.run = () => {
			throw new Error('auth-removed exploded');
		};
		try {
			const uri = client.uri('server.py');
			client.open(uri, AUTH_SERVER);
			const diagnostics = await client.diagnostics(uri);
			const imported = diagnostics.find((d) => d.code === 'MCP101' && JSON.stringify(d.range) === JSON.stringify(rangeOf(AUTH_SERVER, 'TokenVerifier')));
			assert.ok(imported, `MCP101 from auth-imports still reported; got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
			await waitFor(() => client.logs.some((l) => /Rule auth-removed failed: auth-removed exploded/.test(l)), 'the rule error in window/logMessage');
			// The same failure again is not logged again.
			client.change(uri, 2, [{ text: `${AUTH_SERVER}\n# edited\n` }]);
			await client.diagnostics(uri);
			assert.equal(client.logs.filter((l) => /Rule auth-removed failed/.test(l)).length, 1);
		} finally {
			rule.run = original;
		}
	});

	it('turns an exception of the whole analysis into no diagnostics plus a logged error, and keeps serving', async () => {
		const original = EngineDocument.prototype.analyze;
		EngineDocument.prototype.analyze = function () {
			throw new Error('analysis exploded');
		};
		const uri = client.uri('broken.py');
		try {
			client.open(uri, AUTH_SERVER);
			assert.deepEqual(await client.diagnostics(uri), []);
			await waitFor(() => client.logs.some((l) => l.includes(`Analysis of ${uri} failed`) && l.includes('analysis exploded')), 'the analysis error in window/logMessage');
			await waitFor(() => client.statuses.some((s) => s.uri === uri && s.state === 'error'), 'an error status');
		} finally {
			EngineDocument.prototype.analyze = original;
		}
		// The server is alive: the next analysis of the same document and of a new one work.
		client.change(uri, 2, [{ text: AUTH_SERVER }]);
		assert.ok((await client.diagnostics(uri)).some((d) => d.code === 'MCP101'));
		const next = client.uri('next.py');
		client.open(next, AUTH_SERVER);
		assert.ok((await client.diagnostics(next)).some((d) => d.code === 'MCP101'));
		assert.ok(await client.hover(next, rangeOf(AUTH_SERVER, 'TokenVerifier').start));
	});
});
