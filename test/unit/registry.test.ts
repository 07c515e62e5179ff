import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledKnowledge } from '../../server/src/knowledge';
import { FILE_RULES, RULE_METAS } from '../../server/src/rules';
import * as unchanged from '../../server/src/rules/auth/auth-unchanged';
import * as changed from '../../server/src/rules/auth/auth-changed';
import * as removed from '../../server/src/rules/auth/auth-removed';
import * as wiring from '../../server/src/rules/auth/fastmcp-auth-wiring';
import * as context from '../../server/src/rules/auth/context-auth';
import * as watch from '../../server/src/rules/auth/auth-deprecation-watch';
import { staleFiles } from '../../scripts/generate-rule-docs';

// The rule registry's promises: one module per code (grep finds each code in exactly one rule
// module), unique names, every auth knowledge entry claimed by exactly one rule (as a use and as
// an argument), and the generated tables and rule list in step with the registry.

const RULES_DIR = path.join(__dirname, '..', '..', 'server', 'src', 'rules');

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]);
}

test('every code is named in exactly one module under server/src/rules', () => {
	const files = filesUnder(RULES_DIR).filter((f) => f.endsWith('.ts'));
	for (const meta of RULE_METAS) {
		const naming = files.filter((f) => fs.readFileSync(f, 'utf8').includes(meta.code)).map((f) => path.relative(RULES_DIR, f));
		assert.equal(naming.length, 1, `${meta.code} is named in ${naming.join(', ') || 'no module'}`);
		assert.match(naming[0], new RegExp(`/${meta.name}\\.ts$`), `${meta.code} lives in a module named after the rule`);
	}
});

test('codes and names are unique', () => {
	assert.equal(new Set(RULE_METAS.map((m) => m.code)).size, RULE_METAS.length);
	assert.equal(new Set(RULE_METAS.map((m) => m.name)).size, RULE_METAS.length);
	assert.ok(FILE_RULES.length > 0);
});

test('every auth knowledge entry is claimed by exactly one rule, as a use and as an argument', () => {
	const claimants = [unchanged, changed, removed, wiring, context, watch];
	for (const entry of bundledKnowledge().entries()) {
		if (entry.rule && !claimants.some((c) => c.claimsUse(entry))) {
			continue; // entries of other families (resources) are claimed by their rule modules
		}
		const asUse = claimants.filter((c) => c.claimsUse(entry)).length;
		const asArgument = claimants.filter((c) => c.claimsArgument(entry)).length;
		assert.equal(asUse, 1, `${entry.symbol}: claimed as a use by ${asUse} rules`);
		assert.equal(asArgument, 1, `${entry.symbol}: claimed as an argument by ${asArgument} rules`);
	}
});

test('generated rule tables, page headers and the client rule list match the registry', () => {
	assert.deepEqual(staleFiles(), [], 'run `npm run generate:rules`');
});
