// Scenario 1: the extension activates when a Python file opens.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, log, openFixture, waitFor } from './helpers';

suite('1. activation', () => {
	test(`${EXTENSION_ID} activates when a Python file opens`, async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext, `extension ${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
		log(`${EXTENSION_ID} active before opening a Python file: ${ext.isActive}`);
		const { doc } = await openFixture('auth_server.py');
		assert.strictEqual(doc.languageId, 'python');
		await waitFor(`${EXTENSION_ID} to activate`, () => (ext.isActive ? true : undefined));
		log(`${EXTENSION_ID} is active`);
	});
});
