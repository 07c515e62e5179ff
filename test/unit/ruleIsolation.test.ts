import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { __rulesForTest } from '../../server/src/fileAnalysis';
import { Engine } from '../../server/src/engine';
import { AUTH_SERVER } from '../helpers/text';

// One rule throwing must cost only that rule's findings: the engine returns every other rule's
// findings and names the failing rule in ruleErrors. The throwing rule is swapped in through the
// test-only __rulesForTest hook and restored afterwards.

const FAILING = 'auth-removed';

function withRule(name: string, run: (typeof __rulesForTest)[number]['run'], body: () => void): void {
	const rule = __rulesForTest.find((r) => r.name === name);
	assert.ok(rule, `rule ${name} exists`);
	const original = rule.run;
	rule.run = run;
	try {
		body();
	} finally {
		rule.run = original;
	}
}

describe('rule exception isolation (engine)', () => {
	let engine: Engine;
	before(async () => {
		engine = await Engine.create();
	});

	const fingerprint = (fs: { code: string; range: unknown }[]) => fs.map((f) => `${f.code}@${JSON.stringify(f.range)}`).sort();

	it('returns the other rules\' findings and names the failing rule', () => {
		let without: string[] = [];
		withRule(FAILING, () => {}, () => {
			without = fingerprint(engine.analyzeText(AUTH_SERVER).findings);
		});
		const full = fingerprint(engine.analyzeText(AUTH_SERVER).findings);
		assert.ok(without.some((f) => f.startsWith('MCP101@')), 'the other rules report something here');
		assert.notDeepEqual(without, full, `${FAILING} contributes findings of its own in this text`);

		withRule(FAILING, () => {
			throw new Error('rule exploded');
		}, () => {
			const result = engine.analyzeText(AUTH_SERVER);
			assert.deepEqual(fingerprint(result.findings), without);
			assert.equal(result.ruleErrors.length, 1);
			assert.equal(result.ruleErrors[0].rule, FAILING);
			assert.match(result.ruleErrors[0].error, /rule exploded/);
		});
	});

	it('isolates the failure in incremental documents too', () => {
		withRule(FAILING, () => {
			throw new TypeError('rule exploded again');
		}, () => {
			const doc = engine.openDocument(AUTH_SERVER);
			try {
				const result = doc.analyze();
				assert.ok(result.findings.some((f) => f.code === 'MCP101'));
				assert.deepEqual(result.ruleErrors.map((e) => e.rule), [FAILING]);
			} finally {
				doc.dispose();
			}
		});
	});
});
