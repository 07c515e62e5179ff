import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';
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
