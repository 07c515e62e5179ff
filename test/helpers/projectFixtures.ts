import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Multi-file fixture projects (test/fixtures/projects/<pattern>/): every .py file carries caret
// comments under the lines its findings are on, the same notation as test/fixtures/<CODE>.py:
//   session.read_resource(url)
//   #       ^^^^^^^^^^^^^ MCP200 "optional text the message contains"
// A file may start with `# fixture-checks: CODES` to compare only those codes; without it every
// code is compared, so an extra finding fails as surely as a missing one. The engine, CLI and
// language-server suites all check the same annotations, each through its own door.

export const PROJECTS = path.join(__dirname, '..', 'fixtures', 'projects');

const CHECKS = /^#\s*fixture-checks:\s*(.+)$/m;
const ANNOTATION = /^(\s*#\s*)(\^+)\s+(MCP\d{3})(?:\s+"([^"]*)")?\s*$/;

export interface Expected {
	/** Path relative to the project, forward slashes. */
	file: string;
	line: number;
	start: number;
	end: number;
	code: string;
	text?: string;
}

export interface Actual {
	file: string;
	line: number;
	start: number;
	end: number;
	code: string;
	message: string;
}

export interface ProjectFixture {
	name: string;
	root: string;
	/** Relative paths of the project's .py files. */
	files: string[];
	expected: Expected[];
	/** Per file: the codes compared (undefined: all). */
	codes: Map<string, Set<string> | undefined>;
}

export function projectFixtures(): ProjectFixture[] {
	return fs.readdirSync(PROJECTS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
		.map((name) => loadProject(name));
}

export function loadProject(name: string): ProjectFixture {
	const root = path.join(PROJECTS, name);
	const files = pyFiles(root).map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
	const expected: Expected[] = [];
	const codes = new Map<string, Set<string> | undefined>();
	for (const file of files) {
		const source = fs.readFileSync(path.join(root, file), 'utf8');
		const header = CHECKS.exec(source);
		codes.set(file, header ? new Set(header[1].trim().split(/\s+/)) : undefined);
		let target = -1;
		source.split(/\r\n|\r|\n/).forEach((line, i) => {
			const m = ANNOTATION.exec(line);
			if (!m) {
				target = i;
				return;
			}
			assert.ok(target >= 0, `${name}/${file}: annotation on line ${i + 1} has no code line above it`);
			const start = m[1].length;
			expected.push({ file, line: target, start, end: start + m[2].length, code: m[3], text: m[4] });
		});
	}
	return { name, root, files, expected, codes };
}

function pyFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const abs = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			out.push(...pyFiles(abs));
		} else if (entry.name.endsWith('.py')) {
			out.push(abs);
		}
	}
	return out;
}

/** Fails with the missing and extra findings when `actual` differs from the project's annotations. */
export function assertMatches(project: ProjectFixture, actual: readonly Actual[], door: string): void {
	const compared = actual.filter((a) => {
		const codes = project.codes.get(a.file);
		return project.codes.has(a.file) && (!codes || codes.has(a.code));
	});
	const key = (x: { file: string; line: number; start: number; end: number; code: string }) => `${x.file}:${x.line + 1}:${x.start + 1}-${x.end + 1} ${x.code}`;
	const actualKeys = compared.map(key);
	const expectedKeys = project.expected.map(key);
	const missing = expectedKeys.filter((k) => !actualKeys.includes(k)).sort();
	const extra = compared.filter((a) => !expectedKeys.includes(key(a))).map((a) => `${key(a)} ${a.message}`).sort();
	assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${project.name} through the ${door}: findings differ from the annotations`);
	for (const e of project.expected.filter((x) => x.text)) {
		const found = compared.find((a) => key(a) === key(e));
		assert.ok(found && found.message.includes(e.text!), `${project.name}/${key(e)} through the ${door}: message should mention "${e.text}", got: ${found?.message}`);
	}
}
