import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, Finding } from '../../server/src/engine';
import { findingProblems, positionAtRef } from '../fuzz/harness';

// Exact LSP positions (0-based line, UTF-16 code units; CR, LF and CRLF each end a line) of
// flagged names after text that makes naive byte/code-point/"\n"-only arithmetic go wrong.

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

const IMPORT = 'from mcp.server.auth.provider import TokenVerifier';

/** Every occurrence of `name` in `text` as an LSP range computed by hand-checked rules. */
function expectAt(text: string, code: string, name: string, line: number, character: number): void {
	const r = engine.analyzeText(text);
	assert.deepEqual(r.ruleErrors, []);
	assert.deepEqual(findingProblems(text, r), []);
	const hits = r.findings.filter((f: Finding) => f.code === code && text.slice(f.span.start, f.span.end) === name);
	assert.ok(hits.length > 0, `no ${code} on ${name}: ${JSON.stringify(r.findings.map((f) => [f.code, f.range]))}`);
	const want = { start: { line, character }, end: { line, character: character + name.length } };
	assert.ok(hits.some((f) => JSON.stringify(f.range) === JSON.stringify(want)),
		`${code} ${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(hits.map((f) => f.range))}`);
}

const CASES: { name: string; text: string; code: string; sym: string; line: number; character: number }[] = [
	// "x = \"" is 5 units, 😀 is 2 units (surrogate pair), é 1, then "\"; " 3 => "from" at 11.
	{ name: 'surrogate pair + precomposed é before the import', text: `x = "😀é"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 48 },
	{ name: 'combining acute (e + U+0301) before the import', text: `x = "e\u0301"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 47 },
	{ name: 'four emoji (8 units) and a ZWJ sequence', text: `s = "😀😀👩\u200d💻"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 5 + 4 + 2 + 1 + 2 + 3 + 37 },
	{ name: 'astral math letter identifier 𝔘 before the import', text: `𝔘 = 1; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 2 + 6 + 37 },
	{ name: 'CJK (3-byte UTF-8, 1 unit) before the import', text: `t = "認証"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 10 + 37 },
	{ name: 'lone high surrogate in a string before the import', text: `x = "\uD800"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 46 },
	{ name: 'U+FFFD (decoded invalid UTF-8) before the import', text: `x = "\uFFFD\uFFFD"; ${IMPORT}`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 47 },
	{ name: 'UTF-8 BOM: the BOM is one unit of line 0', text: `\uFEFF${IMPORT}\n`, code: 'MCP101', sym: 'TokenVerifier', line: 0, character: 38 },
	{ name: 'BOM then CRLF: use on line 2', text: `\uFEFF${IMPORT}\r\n\r\nv = TokenVerifier\r\n`, code: 'MCP100', sym: 'TokenVerifier', line: 2, character: 4 },
	{ name: 'CRLF line ends', text: `import os\r\n${IMPORT}\r\nclass V(TokenVerifier):\r\n    pass\r\n`, code: 'MCP100', sym: 'TokenVerifier', line: 2, character: 8 },
	{ name: 'lone CR line ends (tree-sitter sees one line; LSP sees three)', text: `import os\r${IMPORT}\rclass V(TokenVerifier):\r    pass\r`, code: 'MCP100', sym: 'TokenVerifier', line: 2, character: 8 },
	{ name: 'lone CR: the import itself on line 1', text: `import os\r${IMPORT}\r`, code: 'MCP101', sym: 'TokenVerifier', line: 1, character: 37 },
	{ name: 'mixed LF, CRLF, CR', text: `import os\n\r\n\r${IMPORT}\rx = 1\r\nv = TokenVerifier\n`, code: 'MCP100', sym: 'TokenVerifier', line: 5, character: 4 },
	{ name: 'tab is one unit', text: `${IMPORT}\nif True:\n\tv = TokenVerifier\n`, code: 'MCP100', sym: 'TokenVerifier', line: 2, character: 5 },
	{ name: 'tabs and spaces mixed indentation', text: `${IMPORT}\nif True:\n \t\tv =\t\tTokenVerifier\n`, code: 'MCP100', sym: 'TokenVerifier', line: 2, character: 8 },
	{ name: 'non-ASCII identifier and emoji comment before a use on the same line', text: `${IMPORT}\nvérifié = 1; é = "😀"; v = TokenVerifier  # ✓\n`, code: 'MCP100', sym: 'TokenVerifier', line: 1, character: 27 },
	{ name: 'emoji on an earlier line does not shift later lines', text: `# 😀😀😀\n${IMPORT}\n`, code: 'MCP101', sym: 'TokenVerifier', line: 1, character: 37 },
	{ name: 'FastMCP import: MCP101 on the name', text: `x = "😀"\r\nfrom mcp.server.fastmcp import FastMCP\r\n`, code: 'MCP101', sym: 'FastMCP', line: 1, character: 31 },
	{ name: 'FastMCP import: MCP103 on the module path after CR', text: `x = "😀"\rfrom mcp.server.fastmcp import FastMCP\r`, code: 'MCP103', sym: 'mcp.server.fastmcp', line: 1, character: 5 },
	{ name: 'form feed and U+2028 are not LSP line breaks', text: `\f${IMPORT}\nx = "\u2028"; v = TokenVerifier\n`, code: 'MCP100', sym: 'TokenVerifier', line: 1, character: 13 },
];

for (const c of CASES) {
	test(`position: ${c.name}`, () => {
		// The literal expectation is written by hand; also cross-check it against the reference scan.
		const at = c.text.indexOf(c.sym, c.code === 'MCP100' ? c.text.indexOf(c.sym) + 1 : 0);
		if (at >= 0 && c.code !== 'MCP103') {
			assert.deepEqual(positionAtRef(c.text, at), { line: c.line, character: c.character }, 'hand-written expectation');
		}
		expectAt(c.text, c.code, c.sym, c.line, c.character);
	});
}

test('position: multi-line import in parentheses with CRLF and a BOM', () => {
	const text = '\uFEFFfrom mcp.server.auth.provider import (\r\n\tAccessToken,  # 😀\r\n    TokenVerifier,\r\n)\r\n';
	expectAt(text, 'MCP101', 'AccessToken', 1, 1);
	expectAt(text, 'MCP101', 'TokenVerifier', 2, 4);
});

test('position: every import name exact after each kind of line break', () => {
	for (const eol of ['\n', '\r\n', '\r']) {
		const text = `x = "é"${eol}${eol}from mcp.server.auth.provider import AccessToken, TokenVerifier${eol}`;
		expectAt(text, 'MCP101', 'AccessToken', 2, 37);
		expectAt(text, 'MCP101', 'TokenVerifier', 2, 50);
	}
});

// Regression: tree-sitter-python ends a comment at "\n" only, so with lone-CR line ends a comment
// used to swallow every following line (CPython treats "\r" as a line end). The engine now parses
// a same-length copy with lone "\r" turned into "\n".
test('lone CR after a comment: the import on the next line is still flagged', () => {
	const text = `# comment\r\rfrom mcp.server.auth.provider import AccessToken, TokenVerifier\r`;
	expectAt(text, 'MCP101', 'AccessToken', 2, 37);
	expectAt(text, 'MCP101', 'TokenVerifier', 2, 50);
});
