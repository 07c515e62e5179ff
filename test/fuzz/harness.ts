import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { AnalysisResult, Engine, Finding, Position, Range } from '../../server/src/engine';
import { LineIndex } from '../../server/src/analysis/lineIndex';

// Shared by the bounded property tests (test/unit/fuzz.test.ts, part of `npm test`) and the
// long-run fuzzer (test/fuzz/run.ts, `npm run fuzz -- --runs 100000 --seed 42`).
// Everything here is independent of the engine's own position code: positions are recomputed
// from scratch with the LSP rules ("\r\n", "\n" and a lone "\r" each end a line; characters are
// UTF-16 code units) so a bug in server/src/analysis/lineIndex.ts cannot hide itself.

export const ROOT = path.resolve(__dirname, '../..');

/** A realistic v1 auth resource server, so the fuzz corpus is meaningful even with no fixtures. */
export const BUILTIN_SAMPLE = `"""OAuth-protected MCP server, MCP Python SDK v1 style."""
import os
from typing import Optional

import httpx
from pydantic import AnyHttpUrl

from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import Context, FastMCP
import mcp.server.auth.provider as provider_mod

AUTH = os.environ.get("AUTH_SERVER_URL", "http://localhost:9000")


class Introspector(TokenVerifier):
    """Checks tokens with RFC 7662 introspection."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    async def verify_token(self, token: str) -> Optional[AccessToken]:
        async with httpx.AsyncClient(timeout=10.0) as client:
            r = await client.post(self.endpoint, data={"token": token})
        if r.status_code != 200:
            return None
        data = r.json()
        return AccessToken(token=token, client_id=data.get("client_id", "?"),
                           scopes=data.get("scope", "").split(), expires_at=data.get("exp"))


verifier: "TokenVerifier" = Introspector(f"{AUTH}/introspect")
mcp = FastMCP(
    "weather",
    token_verifier=verifier,
    auth=AuthSettings(issuer_url=AnyHttpUrl(AUTH), resource_server_url=AnyHttpUrl("http://localhost:8080/mcp"),
                      required_scopes=["weather:read"]),
    host="0.0.0.0",
    port=8080,
)


@mcp.tool()
async def whoami(ctx: Context) -> str:
    token = provider_mod.AccessToken  # noqa: MCP100
    return f"{ctx.client_id} {token}"


if __name__ == "__main__":
    mcp.run(transport="streamable-http", mount_path="/x")
`;

/** Every .py under test/fixtures/ and examples/ that exists now, plus the built-in sample. */
export function loadCorpus(): { name: string; text: string }[] {
	const out: { name: string; text: string }[] = [{ name: '<builtin v1 auth server>', text: BUILTIN_SAMPLE }];
	const walk = (dir: string, depth: number): void => {
		if (depth > 8) {
			return;
		}
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			const p = path.join(dir, e.name);
			if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) {
				walk(p, depth + 1);
			} else if (e.isFile() && e.name.endsWith('.py')) {
				try {
					const st = fs.statSync(p);
					if (st.size <= 256 * 1024) {
						out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
					}
				} catch {
					// unreadable: skip
				}
			}
		}
	};
	walk(path.join(ROOT, 'test/fixtures'), 0);
	walk(path.join(ROOT, 'examples'), 0);
	return out;
}

// ---------------------------------------------------------------------------------------------
// Independent LSP position arithmetic.

export interface Lines {
	/** Offset where each line's content starts. */
	starts: number[];
	/** Offset where each line's content ends (before its line break). */
	ends: number[];
}

export function splitLines(text: string): Lines {
	const starts = [0];
	const ends: number[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === '\r' && text[i + 1] === '\n') {
			ends.push(i);
			i += 2;
			starts.push(i);
		} else if (c === '\r' || c === '\n') {
			ends.push(i);
			i += 1;
			starts.push(i);
		} else {
			i++;
		}
	}
	ends.push(text.length);
	return { starts, ends };
}

/** Linear scan, no binary search, no shared code with the engine. */
export function positionAtRef(text: string, offset: number): Position {
	let line = 0;
	let lineStart = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		const c = text[i];
		if (c === '\r') {
			if (text[i + 1] === '\n') {
				if (i + 1 >= offset) {
					break; // offset sits between \r and \n: still on this line
				}
				i++;
			}
			line++;
			lineStart = i + 1;
		} else if (c === '\n') {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, character: offset - lineStart };
}

/** LSP offsetAt (vscode-languageserver-textdocument semantics: clamp to the line's content). */
export function offsetAtRef(lines: Lines, textLength: number, p: Position): number {
	if (p.line < 0) {
		return 0;
	}
	if (p.line >= lines.starts.length) {
		return textLength;
	}
	const s = lines.starts[p.line];
	return Math.max(s, Math.min(s + Math.max(0, p.character), lines.ends[p.line]));
}

// ---------------------------------------------------------------------------------------------
// Checks. Each returns a list of problems (empty when fine) so the runner can print them all.

function samePos(a: Position, b: Position): boolean {
	return a.line === b.line && a.character === b.character;
}

export function findingProblems(text: string, result: AnalysisResult): string[] {
	const problems: string[] = [];
	if (result.ruleErrors.length > 0) {
		problems.push(`ruleErrors: ${JSON.stringify(result.ruleErrors)}`);
	}
	const lines = splitLines(text);
	const lineCount = lines.starts.length;
	for (const f of result.findings) {
		const where = `${f.code} span ${f.span.start}-${f.span.end} range ${JSON.stringify(f.range)}`;
		const { start, end } = f.span;
		if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
			problems.push(`${where}: span outside [0, ${text.length}] or reversed`);
			continue;
		}
		for (const [label, p] of [['start', f.range.start], ['end', f.range.end]] as const) {
			if (p.line < 0 || p.line >= lineCount) {
				problems.push(`${where}: range.${label}.line outside [0, ${lineCount})`);
			} else if (p.character < 0 || p.character > lines.ends[p.line] - lines.starts[p.line]) {
				problems.push(`${where}: range.${label}.character beyond line length ${lines.ends[p.line] - lines.starts[p.line]}`);
			}
		}
		const r = f.range;
		if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) {
			problems.push(`${where}: range start after end`);
		}
		const expStart = positionAtRef(text, start);
		const expEnd = positionAtRef(text, end);
		if (!samePos(expStart, r.start) || !samePos(expEnd, r.end)) {
			problems.push(`${where}: range disagrees with span (expected ${JSON.stringify({ start: expStart, end: expEnd })})`);
		}
		if (f.code !== 'MCP199') {
			// A flagged name: non-empty, and never a split surrogate pair.
			if (start === end) {
				problems.push(`${where}: empty span`);
			}
			for (const o of [start, end]) {
				if (o > 0 && o < text.length && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o))) {
					problems.push(`${where}: span boundary ${o} splits a surrogate pair`);
				}
			}
		}
	}
	return problems;
}

function isHigh(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

export function key(f: Finding): string {
	return `${f.code}@${f.span.start}-${f.span.end}:${f.message}`;
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const TOKENS = [
	'(', ')', '[', ']', '{', '}', '((((', '))', '"', "'", '"""', "'''", 'f"{', '}"', '\\', '\\\n',
	'\t', '    ', ' \t ', '\n', '\r', '\r\n', '\n\n', '\u0000', '\uD800', '\uDC00', '\uDBFF\uDFFF', '😀', 'é',
	'e\u0301', '\u200d', '\ufeff', '\u2028', '\u0085', '\f', '\v', '#', ':', ',', '.', '=', '@', '*', '**',
	'mcp', 'mcp.', 'TokenVerifier', 'AccessToken', 'FastMCP', 'FastMCP(', 'Context', 'ctx.client_id',
	'from mcp.server.auth.provider import TokenVerifier\n', 'from mcp.server.fastmcp import FastMCP\n',
	'import mcp.server.auth.provider as p\n', 'from mcp.server.auth.settings import (AuthSettings,\n',
	'from . import mcp\n', 'from mcp import *\n', 'import importlib; importlib.import_module("mcp.server.fastmcp")\n',
	'def f(', 'class C(TokenVerifier):\n    ', 'lambda x: ', 'async ', 'await ', 'if x:\n\t', 'else:\n',
	'# noqa: MCP101', '  # noqa', '# mcp-auth-hints: disable=MCP100\n', '# type: ignore', 'x: "AccessToken" = ',
	' token_verifier=', ' auth=', ' host="h",', 'global mcp\n', 'del TokenVerifier\n', 'TokenVerifier = 1\n',
	'match x:\n  case FastMCP(): pass\n', 'with FastMCP("a") as m:\n', 'print(', '...', '\u00a0', 'ﬁ', '𝔘',
];

const tokenArb = fc.constantFrom(...TOKENS);
const junkArb = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 8 }),
	fc.string({ unit: 'grapheme', maxLength: 8 }),
	fc.string({ maxLength: 12 }),
	fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((cs) => String.fromCharCode(...cs)),
);
export const insertTextArb = fc.oneof({ weight: 3, arbitrary: tokenArb }, { weight: 2, arbitrary: junkArb },
	{ weight: 1, arbitrary: fc.array(tokenArb, { minLength: 2, maxLength: 6 }).map((a) => a.join('')) });

/** A mutation picks positions as fractions of the current text so it fits any input. */
export type Mutation =
	| { kind: 'delete'; at: number; len: number }
	| { kind: 'insert'; at: number; text: string }
	| { kind: 'replace'; at: number; len: number; text: string }
	| { kind: 'dupLine'; line: number; times: number }
	| { kind: 'truncLine'; line: number; keep: number }
	| { kind: 'dropLine'; line: number }
	| { kind: 'truncate'; at: number }
	| { kind: 'eol'; to: '\n' | '\r\n' | '\r' | 'mixed'; seed: number }
	| { kind: 'indent'; line: number; count: number; style: 'tabs' | 'mixed' }
	| { kind: 'bytes'; ops: { at: number; op: 'flip' | 'insert' | 'delete'; byte: number }[]; latin1: boolean }
	| { kind: 'bracket'; at: number; ch: string };

const frac = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: frac, len: fc.integer({ min: 1, max: 40 }) }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: frac, text: insertTextArb }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: frac, len: fc.integer({ min: 1, max: 10 }), text: insertTextArb }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('dupLine' as const), line: frac, times: fc.integer({ min: 1, max: 4 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('truncLine' as const), line: frac, keep: frac }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('dropLine' as const), line: frac }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: frac }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), to: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const, 'mixed' as const), seed: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('indent' as const), line: frac, count: fc.integer({ min: 1, max: 20 }), style: fc.constantFrom('tabs' as const, 'mixed' as const) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), latin1: fc.boolean(),
		ops: fc.array(fc.record({ at: frac, op: fc.constantFrom('flip' as const, 'insert' as const, 'delete' as const), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }) }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('bracket' as const), at: frac, ch: fc.constantFrom('(', ')', '[', ']', '{', '}', '"', "'", '"""', ':', '\\') }) },
);

function idx(f: number, n: number): number {
	return Math.min(n, Math.floor(f * (n + 1)));
}

function lineSplitKeep(text: string): string[] {
	// Lines including their terminators, so joining gives the text back.
	return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

export function applyMutation(text: string, m: Mutation): string {
	switch (m.kind) {
		case 'delete': {
			const a = idx(m.at, text.length);
			return text.slice(0, a) + text.slice(a + m.len);
		}
		case 'insert': {
			const a = idx(m.at, text.length);
			return text.slice(0, a) + m.text + text.slice(a);
		}
		case 'replace': {
			const a = idx(m.at, text.length);
			return text.slice(0, a) + m.text + text.slice(a + m.len);
		}
		case 'bracket': {
			const a = idx(m.at, text.length);
			return text.slice(0, a) + m.ch + text.slice(a);
		}
		case 'truncate':
			return text.slice(0, idx(m.at, text.length));
		case 'dupLine': case 'truncLine': case 'dropLine': case 'indent': {
			const ls = lineSplitKeep(text);
			if (ls.length === 0) {
				return text;
			}
			const i = Math.min(ls.length - 1, Math.floor(m.line * ls.length));
			const l = ls[i];
			if (m.kind === 'dupLine') {
				const nl = /(\r\n|\r|\n)$/.test(l) ? l : l + '\n';
				ls.splice(i, 1, nl.repeat(m.times) + l);
			} else if (m.kind === 'dropLine') {
				ls.splice(i, 1);
			} else if (m.kind === 'truncLine') {
				ls[i] = l.slice(0, Math.floor(m.keep * l.length));
			} else {
				const body = l.replace(/^[ \t]*/, '');
				const ind = m.style === 'tabs' ? '\t'.repeat(m.count) : ' \t'.repeat(m.count >> 1) + (m.count & 1 ? ' ' : '');
				ls[i] = ind + body;
			}
			return ls.join('');
		}
		case 'eol': {
			if (m.to !== 'mixed') {
				return text.replace(/\r\n|\r|\n/g, m.to);
			}
			let s = m.seed;
			const eols = ['\n', '\r\n', '\r'];
			return text.replace(/\r\n|\r|\n/g, () => {
				s = (s * 1103515245 + 12345) >>> 0;
				return eols[s % 3];
			});
		}
		case 'bytes': {
			const bytes = Array.from(Buffer.from(text, 'utf8'));
			for (const op of m.ops) {
				const a = Math.min(bytes.length, Math.floor(op.at * (bytes.length + 1)));
				if (op.op === 'insert') {
					bytes.splice(a, 0, op.byte);
				} else if (a < bytes.length) {
					if (op.op === 'delete') {
						bytes.splice(a, 1);
					} else {
						bytes[a] ^= op.byte || 0x80;
					}
				}
			}
			const buf = Buffer.from(bytes);
			// Invalid UTF-8 decodes with U+FFFD, as an editor or the CLI would read it.
			return m.latin1 ? buf.toString('latin1') : new TextDecoder('utf-8', { fatal: false }).decode(buf);
		}
	}
}

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 8 });

// ---------------------------------------------------------------------------------------------
// Incremental edits (LSP content changes computed against the current text).

export type EditSpec = { kind: 'range'; a: number; b: number; text: string; oddChar: number } | { kind: 'full'; muts: Mutation[] };

export const editArb: fc.Arbitrary<EditSpec> = fc.oneof(
	{ weight: 12, arbitrary: fc.record({ kind: fc.constant('range' as const), a: frac, b: fc.double({ min: 0, max: 0.1, noNaN: true, noDefaultInfinity: true }), text: fc.oneof(insertTextArb, fc.constant('')), oddChar: fc.integer({ min: 0, max: 9 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('full' as const), muts: fc.array(mutationArb, { maxLength: 2 }) }) },
);

export const editsArb = fc.array(editArb, { minLength: 1, maxLength: 12 });

/** Turns an edit spec into an LSP content change and the text it should produce. */
export function toChange(text: string, e: EditSpec): { change: { range?: Range; text: string }; after: string } {
	if (e.kind === 'full') {
		const next = e.muts.reduce(applyMutation, text);
		return { change: { text: next }, after: next };
	}
	const a = idx(e.a, text.length);
	const b = Math.min(text.length, a + Math.floor(e.b * text.length));
	const start = positionAtRef(text, a);
	const end = positionAtRef(text, b);
	// Occasionally a sloppy client: a character past the line end (LSP clamps it to the line end).
	if (e.oddChar === 7) {
		end.character += 50;
	}
	const lines = splitLines(text);
	const s = offsetAtRef(lines, text.length, start);
	const t = offsetAtRef(lines, text.length, end);
	return { change: { range: { start, end }, text: e.text }, after: text.slice(0, s) + e.text + text.slice(Math.max(s, t)) };
}

// ---------------------------------------------------------------------------------------------
// The properties, as plain functions returning problems (fast-check predicates throw on them).

export function checkAnalyze(engine: Engine, text: string): string[] {
	let r1: AnalysisResult;
	let r2: AnalysisResult;
	try {
		r1 = engine.analyzeText(text);
		r2 = engine.analyzeText(text);
	} catch (err) {
		return [`analyzeText threw: ${err instanceof Error ? err.stack : String(err)}`];
	}
	const problems = findingProblems(text, r1);
	const j1 = JSON.stringify(r1.findings);
	const j2 = JSON.stringify(r2.findings);
	if (j1 !== j2) {
		problems.push(`second analysis differs:\n  ${r1.findings.map(key).join('\n  ')}\nvs\n  ${r2.findings.map(key).join('\n  ')}`);
	}
	return problems;
}

export function checkIncremental(engine: Engine, base: string, edits: EditSpec[], analyzeEvery = true): string[] {
	const doc = engine.openDocument(base);
	const problems: string[] = [];
	try {
		let text = base;
		doc.analyze();
		for (const e of edits) {
			const { change, after } = toChange(text, e);
			doc.applyChanges([change]);
			text = after;
			if (doc.text !== text) {
				problems.push(`document text diverged after change ${JSON.stringify(change)}`);
				return problems;
			}
			if (analyzeEvery) {
				const r = doc.analyze();
				problems.push(...findingProblems(text, r));
			}
		}
		const inc = doc.analyze();
		problems.push(...findingProblems(text, inc));
		const fresh = engine.analyzeText(text);
		const a = inc.findings.map(key);
		const b = fresh.findings.map(key);
		if (JSON.stringify(a) !== JSON.stringify(b)) {
			problems.push(`incremental != fresh:\n  inc:   ${a.join('\n         ')}\n  fresh: ${b.join('\n         ')}`);
		}
	} catch (err) {
		problems.push(`threw: ${err instanceof Error ? err.stack : String(err)}`);
	} finally {
		doc.dispose();
	}
	return problems;
}

/**
 * The line index an open document keeps (LineIndex.withEdit, updated per edit instead of rebuilt)
 * against the independent line arithmetic above, after every edit: the start and end of every line,
 * and the LSP span of the edit's range on the index of the text before it.
 */
export function checkLineIndexEdits(base: string, edits: EditSpec[]): string[] {
	let text = base;
	let index = new LineIndex(base);
	for (const e of edits) {
		const { change, after } = toChange(text, e);
		if (change.range) {
			const span = index.spanOf(change.range);
			index = index.withEdit(span, change.text, after);
		} else {
			index = new LineIndex(after);
		}
		text = after;
		const ref = splitLines(text);
		if (index.lineCount !== ref.starts.length) {
			return [`after ${JSON.stringify(change)}: ${index.lineCount} lines, expected ${ref.starts.length} in ${JSON.stringify(text.slice(0, 200))}`];
		}
		for (let line = 0; line < ref.starts.length; line++) {
			if (index.lineStart(line) !== ref.starts[line] || index.lineEnd(line) !== ref.ends[line]) {
				return [`after ${JSON.stringify(change)}: line ${line} is [${index.lineStart(line)}, ${index.lineEnd(line)}), expected [${ref.starts[line]}, ${ref.ends[line]})`];
			}
		}
	}
	return [];
}
