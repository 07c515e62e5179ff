import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range } from 'vscode-languageserver';
import { runCli } from '../helpers/cli';
import { assertMatches, projectFixtures } from '../helpers/projectFixtures';

// The multi-file fixture projects through the built CLI, run from each project's root.

interface JsonReport {
	diagnostics: { file: string; range: Range; code: string; message: string }[];
}

describe('fixture projects through the CLI', () => {
	for (const project of projectFixtures()) {
		it(`project ${project.name}`, () => {
			const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', '.'], project.root);
			assert.equal(run.code, 0, run.stderr);
			const report = JSON.parse(run.stdout) as JsonReport;
			assertMatches(project, report.diagnostics.map((d) => ({
				file: d.file, line: d.range.start.line, start: d.range.start.character, end: d.range.end.character, code: d.code, message: d.message,
			})), 'CLI');
		});
	}
});
