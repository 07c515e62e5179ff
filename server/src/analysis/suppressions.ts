import type { Language, Node, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import type { LineIndex } from './lineIndex';
import type { TextReplacement } from './model';

// The suppression-comment grammar, read from real comment nodes (a "# noqa" inside a string is
// not a comment):
//   line:  `# noqa: MCP101` or `# noqa: MCP101, MCP103` on the line where the finding starts
//   file:  `# mcp-auth-hints: disable=MCP101,MCP103` anywhere in the file, on its own comment
// Only explicit MCP codes count: a blanket `# noqa` belongs to other linters and must not hide a
// migration problem.

const NOQA = /#\s*noqa\s*:\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)/i;
const FILE_DIRECTIVE = /#\s*mcp-auth-hints\s*:\s*disable\s*=\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)/i;

interface CodeList {
	codes: Set<string>;
	/** Offset just after the last code in the list: where a merged code is inserted. */
	insertAt: number;
}

export interface Suppressions {
	isSuppressed(code: string, line: number): boolean;
	/** The quick-fix edits that add a suppression; absent where a file kind has no such edits (manifests). */
	editsFor?(code: string, line: number): { line: TextReplacement; file: TextReplacement };
}

/**
 * Line suppressions of a text without a Python tree (requirements*.txt, pyproject.toml): the same
 * `# noqa: CODE` grammar, read from each line's text.
 */
export function lineNoqaSuppressions(text: string, lines: LineIndex): Suppressions {
	return {
		isSuppressed(code: string, line: number): boolean {
			return noqaCodes(text.slice(lines.lineStart(line), lines.lineEnd(line)))?.has(code) ?? false;
		},
	};
}

const queries = new WeakMap<Language, Query>();

function commentQuery(language: Language): Query {
	let q = queries.get(language);
	if (!q) {
		q = new Query(language, '(comment) @comment');
		queries.set(language, q);
	}
	return q;
}

function parseList(match: RegExpExecArray, commentStart: number): CodeList {
	const listStart = commentStart + match.index + match[0].length - match[1].length;
	return {
		codes: new Set(match[1].split(',').map((c) => c.trim().toUpperCase()).filter(Boolean)),
		insertAt: listStart + match[1].length,
	};
}

/** The codes of a `# noqa: A1, B2` in one line of text (a manifest's), upper-cased; undefined without one. */
export function noqaCodes(line: string): Set<string> | undefined {
	const m = NOQA.exec(line);
	return m ? parseList(m, 0).codes : undefined;
}

export function readSuppressions(language: Language, tree: Tree, text: string, lines: LineIndex): Suppressions {
	const byLine = new Map<number, CodeList>();
	let file: CodeList | undefined;
	// Comments can only hold our directives when the text mentions them; skip the query otherwise.
	if (/noqa|mcp-auth-hints/i.test(text)) {
		for (const cap of commentQuery(language).captures(tree.rootNode)) {
			const node: Node = cap.node;
			const body = node.text;
			const noqa = NOQA.exec(body);
			if (noqa) {
				byLine.set(lines.lineOf(node.startIndex), parseList(noqa, node.startIndex));
			}
			const directive = FILE_DIRECTIVE.exec(body);
			if (directive) {
				const list = parseList(directive, node.startIndex);
				if (file) {
					list.codes.forEach((c) => file!.codes.add(c));
				} else {
					file = list;
				}
			}
		}
	}
	const eol = /\r\n/.test(text) ? '\r\n' : /\r(?!\n)/.test(text) ? '\r' : '\n';

	return {
		isSuppressed(code: string, line: number): boolean {
			return !!file?.codes.has(code) || !!byLine.get(line)?.codes.has(code);
		},
		editsFor(code: string, line: number) {
			const existing = byLine.get(line);
			const lineEdit: TextReplacement = existing
				? { span: { start: existing.insertAt, end: existing.insertAt }, newText: `, ${code}` }
				: { span: { start: lines.lineEnd(line), end: lines.lineEnd(line) }, newText: `  # noqa: ${code}` };
			let fileEdit: TextReplacement;
			if (file) {
				fileEdit = { span: { start: file.insertAt, end: file.insertAt }, newText: `,${code}` };
			} else {
				const at = headerEnd(text, lines);
				const needsBreak = at === text.length && at > 0 && !/[\r\n]$/.test(text);
				const directive = `# mcp-auth-hints: disable=${code}`;
				fileEdit = { span: { start: at, end: at }, newText: needsBreak ? `${eol}${directive}${eol}` : `${directive}${eol}` };
			}
			return { line: lineEdit, file: fileEdit };
		},
	};
}

/** After a shebang and a PEP 263 encoding line, which must stay first. */
function headerEnd(text: string, lines: LineIndex): number {
	let line = 0;
	const lineText = (n: number) => text.slice(lines.lineStart(n), lines.lineEnd(n));
	if (lines.lineCount > 0 && lineText(0).startsWith('#!')) {
		line = 1;
	}
	for (let n = line; n < Math.min(2, lines.lineCount); n++) {
		if (/^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/.test(lineText(n))) {
			line = n + 1;
		}
	}
	if (line >= lines.lineCount) {
		return text.length;
	}
	return lines.lineStart(line);
}
