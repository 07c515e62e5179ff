import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspClient, waitFor } from '../helpers/lspClient';
import { Actual, assertMatches, projectFixtures } from '../helpers/projectFixtures';

// The multi-file fixture projects through the built language server: the project is the
// workspace folder, every file is opened from disk and its diagnostics pulled.

describe('fixture projects through the language server', () => {
	for (const project of projectFixtures()) {
		it(`project ${project.name}`, async () => {
			const client = await LspClient.start({ workspaceFolders: [project.root], settings: {} });
			try {
				const actual: Actual[] = [];
				for (const file of project.files) {
					const uri = pathToFileURL(path.join(project.root, file)).href;
					client.open(uri, fs.readFileSync(path.join(project.root, file), 'utf8'));
					for (const d of await client.diagnostics(uri)) {
						actual.push({ file, line: d.range.start.line, start: d.range.start.character, end: d.range.end.character, code: String(d.code), message: String(d.message) });
					}
				}
				assertMatches(project, actual, 'language server');
			} finally {
				await client.stop();
			}
		});
	}
});

describe('cross-file edits through the language server', () => {
	it('an edit of a base class in another file re-checks the open subclass file (refresh, no restart)', async () => {
		const project = projectFixtures().find((p) => p.name === 'cross-file-base')!;
		const client = await LspClient.start({ workspaceFolders: [project.root], settings: {} });
		try {
			const worker = pathToFileURL(path.join(project.root, 'pkg', 'worker.py')).href;
			const base = pathToFileURL(path.join(project.root, 'pkg', 'base.py')).href;
			const baseText = fs.readFileSync(path.join(project.root, 'pkg', 'base.py'), 'utf8');
			client.open(worker, fs.readFileSync(path.join(project.root, 'pkg', 'worker.py'), 'utf8'));
			client.open(base, baseText);
			const before = await client.diagnostics(worker);
			assert.equal(before.filter((d) => d.code === 'MCP202').length, 3, 'self.session, self.other and self.client() are typed by pkg/base.py');
			const refreshes = client.refreshRequests;
			// The base class stops declaring ClientSession: only in the editor, never saved.
			const edited = baseText.replace('session: ClientSession\n', 'session: object\n');
			assert.notEqual(edited, baseText);
			client.change(base, 2, [{ text: edited }]);
			await waitFor(() => client.refreshRequests > refreshes, 'workspace/diagnostic/refresh after the base class changed');
			const after = await client.diagnostics(worker);
			assert.equal(after.filter((d) => d.code === 'MCP202').length, 2, 'self.session is no longer a ClientSession');
		} finally {
			await client.stop();
		}
	});
});
