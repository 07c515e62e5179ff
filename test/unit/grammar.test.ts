import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

// The suppression-comment injection grammar under the real TextMate engine (vscode-textmate +
// vscode-oniguruma, as VS Code runs it), injected into a tiny test-only source.python grammar the
// way package.json's contributes.grammars[].injectTo does.

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contribution = (pkg.contributes.grammars as { scopeName: string; path: string; injectTo?: string[] }[])
	.find((g) => g.scopeName === 'comment.mcp-auth-hints.injection')!;
const GRAMMARS: Record<string, string> = {
	'source.python': path.join(ROOT, 'test', 'fixtures', 'grammar', 'python-comments.tmLanguage.json'),
	[contribution.scopeName]: path.join(ROOT, contribution.path),
};

let grammar: vsctm.IGrammar;

before(async () => {
	const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
	await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
	const registry = new vsctm.Registry({
		onigLib: Promise.resolve({
			createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
			createOnigString: (s: string) => new oniguruma.OnigString(s),
		}),
		loadGrammar: async (scopeName) => {
			const file = GRAMMARS[scopeName];
			return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
		},
		getInjections: (scopeName) => (contribution.injectTo ?? []).includes(scopeName) ? [contribution.scopeName] : undefined,
	});
	grammar = (await registry.loadGrammar('source.python'))!;
});

/** The scopes of each occurrence of `needle` in the line, as "text: scope scope ...". */
function scopesOf(line: string, needle: string, exact = true): string[] {
	const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
	const at = line.indexOf(needle);
	assert.ok(at >= 0, `${needle} not in ${line}`);
	const token = tokens.find((t) => t.startIndex <= at && at < t.endIndex)!;
	assert.ok(!exact || line.slice(token.startIndex, token.endIndex) === needle, `token at "${needle}" is "${line.slice(token.startIndex, token.endIndex)}"`);
	return token.scopes;
}

test('package.json contributes the injection grammar into source.python', () => {
	assert.deepEqual(contribution.injectTo, ['source.python']);
	assert.ok(fs.existsSync(path.join(ROOT, contribution.path)));
});

test('rule codes in # noqa: are scoped, inside the Python comment', () => {
	const line = 'from mcp.server.fastmcp import FastMCP  # noqa: MCP101, MCP103';
	for (const code of ['MCP101', 'MCP103']) {
		const scopes = scopesOf(line, code);
		assert.deepEqual(scopes, ['source.python', 'comment.line.number-sign.python', 'constant.other.rule-code.mcp-auth-hints']);
	}
	assert.ok(scopesOf(line, 'noqa').includes('keyword.other.noqa.mcp-auth-hints'));
	assert.ok(!scopesOf(line, 'FastMCP', false).some((s) => s.includes('mcp-auth-hints')));
});

test('the file directive and its codes are scoped', () => {
	const line = '# mcp-auth-hints: disable=MCP100,MCP101';
	assert.ok(scopesOf(line, 'mcp-auth-hints').includes('keyword.control.directive.mcp-auth-hints'));
	assert.ok(scopesOf(line, 'disable').includes('keyword.other.disable.mcp-auth-hints'));
	assert.ok(scopesOf(line, 'MCP100').includes('constant.other.rule-code.mcp-auth-hints'));
	assert.ok(scopesOf(line, 'MCP101').includes('constant.other.rule-code.mcp-auth-hints'));
});

test('nothing is highlighted outside comments or without the directive', () => {
	const ruleCode = (line: string) => grammar.tokenizeLine(line, vsctm.INITIAL).tokens
		.some((t) => t.scopes.includes('constant.other.rule-code.mcp-auth-hints'));
	assert.equal(ruleCode('x = "# noqa: MCP101"'), false, 'inside a string');
	assert.equal(ruleCode('# see MCP101 in the docs'), false, 'a comment without noqa');
	assert.equal(ruleCode('# noqa: E501'), false, 'another linter\'s code');
	assert.deepEqual(scopesOf('# noqa: E501', 'E501', false), ['source.python', 'comment.line.number-sign.python']);
});
