import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { ProjectIndex } from '../../server/src/project/index/projectIndex';
import { indexReader, scanProject, walkProject } from '../../server/src/project/scanProject';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { assertMatches, projectFixtures } from '../helpers/projectFixtures';

// The multi-file fixture projects through the engine and the one project pipeline (the CLI and
// the language server run the same projects in test/cli/projects.test.ts and test/lsp/projects.test.ts).

let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

for (const project of projectFixtures()) {
	test(`project ${project.name} through the engine`, async () => {
		const files = walkProject(project.root, () => false).files.map((file) => ({ file, root: project.root }));
		const scan = scanProject(engine, files, [project.root], DEFAULT_SETTINGS, (f) => f, undefined, await ProjectIndex.create(indexReader()));
		const actual = scan.entries.map((e) => ({
			file: path.relative(project.root, e.file).split(path.sep).join('/'),
			line: e.range.start.line, start: e.range.start.character, end: e.range.end.character,
			code: e.finding.code, message: e.finding.message,
		}));
		assertMatches(project, actual, 'engine');
	});
}
