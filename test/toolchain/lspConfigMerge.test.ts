import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeSettings, perFileCustomizations, rebase } from '../../server/src/lsp/projectConfig';
import { parseConfig } from '../../server/src/project/config';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

// How the language server merges a project configuration with the editor's settings (the rows of
// the "which source wins" table in docs/cli.md), per-file-ignores as customizations, and exclude
// patterns moved from the configuration's folder to a workspace folder below it. The end-to-end
// behaviour over JSON-RPC is in crossDoor.test.ts.

const ROOT = path.resolve('/project');
const config = parseConfig([
	'select = ["MCP1"]',
	'ignore = ["MCP100"]',
	'exclude = ["build/", "sub/gen/", "other/x/"]',
	'extend-exclude = ["*_pb2.py"]',
	'max-file-size = 10',
	'target = 2',
	'per-file-ignores = { "tests/**" = ["MCP103", "MCP2"], "*.ipynb" = ["ALL"] }',
	'[severity]',
	'MCP104 = "error"',
].join('\n'), path.join(ROOT, 'mcp-auth-hints.toml'));
const served = { config, folder: ROOT };

describe('mergeSettings', () => {
	it('without a configuration is sanitizeSettings', () => {
		assert.deepEqual(mergeSettings({ target: '1' }, undefined).settings, { ...DEFAULT_SETTINGS, target: '1' });
	});

	it('the file decides every key the editor left out', () => {
		const { settings } = mergeSettings({}, served);
		assert.equal(settings.target, '2');
		assert.equal(settings.maxFileSize, 10);
		assert.deepEqual(settings.exclude, ['build/', 'sub/gen/', 'other/x/', '*_pb2.py']);
		assert.deepEqual(settings.rules.customizations[0], { rule: 'MCP104', severity: 'error' });
		assert.ok(settings.rules.customizations.some((c) => c.rule === 'MCP100' && c.severity === 'off'));
		assert.ok(settings.rules.customizations.some((c) => c.rule === 'MCP301' && c.severity === 'off'), 'select MCP1 leaves MCP301 out');
	});

	it('what the user set wins: target, maxFileSize, exclude (extend-exclude still adds), customizations after the file\'s', () => {
		const user = { rules: { customizations: [{ rule: 'MCP100', severity: 'hint' }] } };
		const { settings } = mergeSettings({ target: '1', maxFileSize: 0, exclude: ['legacy/'], ...user }, served);
		assert.equal(settings.target, '1');
		assert.equal(settings.maxFileSize, 0);
		assert.deepEqual(settings.exclude, ['legacy/', '*_pb2.py']);
		assert.deepEqual(settings.rules.customizations.at(-1), { rule: 'MCP100', severity: 'hint' });
	});

	it('an invalid editor value is reported and the file decides it', () => {
		const { settings, warnings } = mergeSettings({ maxFileSize: -1 }, served);
		assert.equal(settings.maxFileSize, 10);
		assert.equal(warnings.length, 1);
	});

	it('per-file-ignores of the document come last, as code prefixes', () => {
		const user = { rules: { customizations: [{ rule: 'MCP103', severity: 'error' }] } };
		const { settings } = mergeSettings(user, served, path.join(ROOT, 'tests', 'unit', 'test_a.py'));
		assert.deepEqual(settings.rules.customizations.slice(-3), [
			{ rule: 'MCP103', severity: 'error' }, { rule: 'MCP103*', severity: 'off' }, { rule: 'MCP2*', severity: 'off' },
		]);
		assert.deepEqual(perFileCustomizations(config, path.join(ROOT, 'app', 'a.py')), []);
		assert.deepEqual(perFileCustomizations(config, path.join(ROOT, 'nb', 'a.ipynb')), [{ rule: '*', severity: 'off' }]);
	});
});

describe('rebase', () => {
	it('keeps every pattern for the configuration\'s own folder', () => {
		assert.deepEqual(rebase(['sub/gen/', 'x.py'], ROOT, ROOT), ['sub/gen/', 'x.py']);
	});

	it('for a workspace folder below it: floating patterns stay, anchored ones are cut to the folder or left out', () => {
		assert.deepEqual(
			rebase(['build/', '*_pb2.py', '**/gen/', 'sub/gen/', '/sub/old.py', '!sub/keep.py', 'other/x/'], ROOT, path.join(ROOT, 'sub')),
			['build/', '*_pb2.py', '**/gen/', 'gen/', 'old.py', '!keep.py'],
		);
	});
});
