import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LspClient } from '../helpers/lspClient';
import { loadCorpus, positionAtRef } from './harness';

// Edit-level fuzzer over the REAL language server (dist/server.js over JSON-RPC). It types into
// real-shaped files the way people do (identifiers deleted and retyped char by char, import lists
// emptied, unbalanced brackets, pasted blocks, undo, edits next to CRLF and non-ASCII text,
// multi-cursor changes) and after each burst checks two things:
//   1. every request answered within the budget (a hang fails; a dead server is a crash);
//   2. the pulled diagnostics equal those of the same text opened as a new document
//      (code + range + message), so analysis never depends on edit history.
// Used by test/lsp/editFuzz.test.ts (bounded, in `npm test`) and `npm run fuzz -- --edits N`.
// Not a byte-level mutator of the engine: that is harness.ts.

/** Seeded PRNG (mulberry32): the same seed replays the same edits. */
export class Rng {
	constructor(private state: number) {}
	next(): number {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
}

// ---------------------------------------------------------------------------------------------
// Corpus: the fixtures and examples, plus larger generated MCP servers (LF, CRLF, non-ASCII).

const TOOL_BODIES = [
	'    return ctx.client_id or "anonymous"\n',
	'    server = ctx.fastmcp\n    return server.name\n',
	'    token = get_access_token()\n    return token.scopes if token else []\n',
	'    async with session:\n        page = await session.list_resources()\n        body = await session.read_resource("file:///a")\n    return page, body\n',
	'    verifier: TokenVerifier = Introspector("https://auth.example/introspect")\n    return await verifier.verify_token(value)\n',
	'    # Résumé: naïve café — 日本語 🎉\n    return f"{value!r} ✓"\n',
	'    settings = AuthSettings(issuer_url=AnyHttpUrl("https://a.example"), resource_server_url=None)\n    return settings\n',
	'    for r in (await session.list_resource_templates()).resourceTemplates:\n        print(r.uriTemplate, r.mimeType)\n    return None\n',
];

const HEADER = `"""Generated MCP server for the edit fuzzer (real-shaped, v1 auth style)."""
import os
from typing import Optional

from pydantic import AnyHttpUrl

from mcp import ClientSession
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import (
    Context,
    FastMCP,
)

session: ClientSession = ClientSession(None, None)


class Introspector(TokenVerifier):
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    async def verify_token(self, token: str) -> Optional[AccessToken]:
        return AccessToken(token=token, client_id="c", scopes=[], expires_at=None)


mcp = FastMCP(
    "generated",
    token_verifier=Introspector(os.environ.get("INTROSPECT", "")),
    auth=AuthSettings(issuer_url=AnyHttpUrl("https://auth.example"), resource_server_url=AnyHttpUrl("https://x.example/mcp")),
    host="0.0.0.0",
    port=8080,
)
`;

/** A large MCP server of about `bytes` characters (LF line breaks). */
export function generatedServer(rng: Rng, bytes: number): string {
	const parts = [HEADER];
	let size = HEADER.length;
	for (let i = 0; size < bytes; i++) {
		const tool = `\n\n@mcp.tool()\nasync def tool_${i}(ctx: Context, value: str = "v${i}") -> object:\n    """Tool ${i}."""\n${rng.pick(TOOL_BODIES)}`;
		parts.push(tool);
		size += tool.length;
	}
	parts.push('\n\nif __name__ == "__main__":\n    mcp.run(transport="streamable-http", mount_path="/mcp")\n');
	return parts.join('');
}

export interface CorpusFile {
	name: string;
	text: string;
}

/**
 * Comment runs just around the engine's merge threshold (engine.ts parseSource), a directive
 * inside one, and a string whose lines start with "#": edits push runs across the threshold.
 */
export function commentRunsFile(rng: Rng): string {
	const run = (n: number, indent: string) => Array.from({ length: n }, (_, i) => `${indent}# note ${i}: résumé ${'-'.repeat(i % 7)}\n`).join('');
	return `${run(31, '')}from mcp.server.fastmcp import FastMCP, Context\n\n\n@FastMCP("c").tool()\ndef tool(ctx: Context):\n${run(33, '    ')}`
		+ `    # noqa: MCP105\n${run(34, '    ')}    return ctx.client_id\n\n\nDOC = """\n${run(40, '')}FastMCP\n"""\n${generatedServer(rng, 2_000)}`;
}

/** The fixtures and examples plus generated servers of 4, 20 and 56 KB (one CRLF) and long comment runs. */
export function editCorpus(seed: number): CorpusFile[] {
	const rng = new Rng(seed ^ 0x5a5a5a);
	const files: CorpusFile[] = loadCorpus();
	files.push({ name: '<generated comment runs>', text: commentRunsFile(rng) });
	files.push({ name: '<generated 4 KB>', text: generatedServer(rng, 4_000) });
	files.push({ name: '<generated 20 KB CRLF>', text: generatedServer(rng, 20_000).replace(/\n/g, '\r\n') });
	files.push({ name: '<generated 56 KB>', text: generatedServer(rng, 56_000) });
	return files;
}

// ---------------------------------------------------------------------------------------------
// Edits as offset spans against the current text; turned into LSP changes with positions
// computed from scratch (harness.positionAtRef), so the server's own position code is checked.

interface SpanEdit {
	start: number;
	end: number;
	text: string;
}

/** One didChange notification: edits applied in order, each against the text the previous left. */
type Step = SpanEdit[];

function applySpan(text: string, e: SpanEdit): string {
	return text.slice(0, e.start) + e.text + text.slice(e.end);
}

/** What undoes `e` on the text it produced. */
function inverse(before: string, e: SpanEdit): SpanEdit {
	return { start: e.start, end: e.start + e.text.length, text: before.slice(e.start, e.end) };
}

const NAMES = ['FastMCP', 'Context', 'TokenVerifier', 'AccessToken', 'AuthSettings', 'client_id', 'list_resources',
	'read_resource', 'mcp', 'ctx', 'session', 'get_access_token', 'fastmcp', 'MCPServer', 'mimeType'];
const BRACKETS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', ':', ',', '\\'];
const SNIPPETS = [
	'from mcp.server.auth.provider import TokenVerifier\n',
	'from mcp.server.fastmcp import FastMCP, Context\n',
	'import mcp.server.auth.provider as provider\n',
	'x = FastMCP("typed", port=9000)\n',
	'    return ctx.client_id\n',
	'def f(ctx: Context):\n    return ctx.fastmcp\n',
	'from mcp.client.auth import (\n    OAuthClientProvider,\n)\n',
];
const NON_ASCII = ['é', '😀', '—', '日本', '\u00a0', 'e\u0301', 'ß'];

function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 13 && text.charCodeAt(i + 1) === 10) {
			i++;
			starts.push(i + 1);
		} else if (c === 10 || c === 13) {
			starts.push(i + 1);
		}
	}
	return starts;
}

function eolOf(text: string): string {
	return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A random occurrence of `re` (global) in `text`, or undefined. */
function pickMatch(rng: Rng, text: string, re: RegExp): RegExpExecArray | undefined {
	const all: RegExpExecArray[] = [];
	re.lastIndex = 0;
	for (let m = re.exec(text); m && all.length < 5000; m = re.exec(text)) {
		all.push(m);
		if (m[0] === '') {
			re.lastIndex++;
		}
	}
	return all.length > 0 ? rng.pick(all) : undefined;
}

/** Typing `s` at `at`, one character (whole surrogate pair, whole CRLF) per step. */
function typeSteps(at: number, s: string): Step[] {
	return (s.match(/\r\n|[\s\S]/gu) ?? []).reduce<{ steps: Step[]; pos: number }>((acc, ch) => {
		acc.steps.push([{ start: acc.pos, end: acc.pos, text: ch }]);
		acc.pos += ch.length;
		return acc;
	}, { steps: [], pos: at }).steps;
}

/** Backspacing the characters of [start, end) one at a time, from the end. */
function backspaceSteps(text: string, start: number, end: number): Step[] {
	const steps: Step[] = [];
	for (let p = end; p > start;) {
		const w = p - 2 >= start && /[\uDC00-\uDFFF]/.test(text[p - 1]) && /[\uD800-\uDBFF]/.test(text[p - 2]) ? 2 : 1;
		steps.push([{ start: p - w, end: p, text: '' }]);
		p -= w;
	}
	return steps;
}

export type BurstKind = 'retype' | 'emptyImports' | 'bracket' | 'paste' | 'eolEdge' | 'multiCursor' | 'lineOp' | 'typeSnippet' | 'full';

/**
 * A burst: steps computed lazily against the live text (each step sees the text the previous
 * produced). Returns undefined when the text offers nothing for this kind.
 */
function makeBurst(rng: Rng, kind: BurstKind, text: string, corpus: CorpusFile[]): Step[] | undefined {
	const eol = eolOf(text);
	switch (kind) {
		case 'retype': {
			const m = pickMatch(rng, text, /[A-Za-z_][A-Za-z_0-9]*/g);
			if (!m) {
				return undefined;
			}
			const start = m.index;
			const end = start + m[0].length;
			// Delete all of it or just the tail, then type it back (sometimes a different name).
			const keep = rng.chance(0.5) ? 0 : rng.int(m[0].length);
			const retyped = rng.chance(0.8) ? m[0].slice(keep) : rng.pick(NAMES);
			return [...backspaceSteps(text, start + keep, end), ...typeSteps(start + keep, retyped)];
		}
		case 'emptyImports': {
			const m = pickMatch(rng, text, /\bimport[ \t]+(\([^)]*\)|[^\r\n]*)/g);
			if (!m) {
				return undefined;
			}
			const listStart = m.index + m[0].length - m[1].length;
			const inner = m[1].startsWith('(') ? { s: listStart + 1, e: listStart + m[1].length - 1 } : { s: listStart, e: listStart + m[1].length };
			const old = text.slice(inner.s, inner.e);
			// Leave the list empty (sometimes just a comma), then maybe type a name back in.
			const steps: Step[] = [[{ start: inner.s, end: inner.e, text: rng.chance(0.3) ? `${eol}    ,${eol}` : '' }]];
			if (rng.chance(0.5)) {
				steps.push([{ start: inner.s, end: inner.s + (steps[0][0].text.length), text: old }]);
			}
			return steps;
		}
		case 'bracket': {
			const at = rng.int(text.length + 1);
			return [[{ start: at, end: at, text: rng.pick(BRACKETS) }]];
		}
		case 'paste': {
			const src = rng.pick(corpus).text;
			const ls = lineStarts(src);
			const a = rng.int(ls.length);
			const b = Math.min(ls.length - 1, a + 1 + rng.int(30));
			let block = src.slice(ls[a], b > a ? ls[b] : src.length);
			if (rng.chance(0.8)) {
				block = block.replace(/\r\n|\r|\n/g, eol);
			}
			const starts = lineStarts(text);
			const at = starts[rng.int(starts.length)];
			// Sometimes the paste replaces a few lines (a selection), not just inserts.
			const endLine = rng.chance(0.3) ? Math.min(starts.length - 1, starts.indexOf(at) + 1 + rng.int(5)) : -1;
			return [[{ start: at, end: endLine >= 0 ? starts[endLine] : at, text: block }]];
		}
		case 'eolEdge': {
			const m = pickMatch(rng, text, /\r\n|\r|[^\x00-\x7f]/g);
			const at = m ? m.index : rng.int(text.length + 1);
			const len = m ? m[0].length : 0;
			const choices: SpanEdit[] = [
				{ start: at, end: at, text: rng.pick(NON_ASCII) },
				{ start: at + len, end: at + len, text: rng.pick(['x', 'é', '😀', '\r', '\n', '\r\n']) },
				{ start: at, end: at + len, text: '' },
				{ start: at, end: at + len, text: rng.pick(['\n', '\r\n', '\r', 'ü']) },
				{ start: Math.max(0, at - 1), end: at, text: '' },
			];
			if (len === 2) {
				// Between the \r and the \n of a CRLF: the \r becomes a lone CR, or the \n goes.
				choices.push({ start: at + 1, end: at + 1, text: rng.pick(['x', '\n', 'é']) }, { start: at + 1, end: at + 2, text: '' });
			}
			return [[rng.pick(choices)]];
		}
		case 'multiCursor': {
			// VS Code sends multi-cursor edits in one notification, last position first.
			const n = 2 + rng.int(3);
			const ats = Array.from({ length: n }, () => rng.int(text.length + 1)).sort((x, y) => y - x);
			const ins = rng.pick(['# ', '    ', 'x', rng.pick(NAMES), '']);
			return [ats.map((at) => ({ start: at, end: ins === '' ? Math.min(text.length, at + 1) : at, text: ins }))];
		}
		case 'lineOp': {
			const starts = lineStarts(text);
			const i = rng.int(starts.length);
			const s = starts[i];
			const e = i + 1 < starts.length ? starts[i + 1] : text.length;
			const line = text.slice(s, e);
			const op = rng.int(4);
			if (op === 0) {
				return [[{ start: s, end: e, text: '' }]]; // delete line
			} else if (op === 1) {
				return [[{ start: s, end: s, text: line.endsWith('\n') || line.endsWith('\r') ? line : line + eol }]]; // duplicate
			} else if (op === 2) {
				return [[{ start: s, end: s, text: rng.pick(['    ', '\t', '# ']) }]]; // indent / comment out
			}
			const lead = /^[ \t#]*/.exec(line)![0];
			return lead ? [[{ start: s, end: s + Math.min(lead.length, 4), text: '' }]] : undefined; // dedent
		}
		case 'typeSnippet': {
			const starts = lineStarts(text);
			const at = starts[rng.int(starts.length)];
			return typeSteps(at, rng.pick(SNIPPETS).replace(/\n/g, eol));
		}
		case 'full': {
			return [[{ start: 0, end: text.length, text: rng.pick(corpus).text }]];
		}
	}
}

const KINDS: [BurstKind, number][] = [
	['retype', 8], ['emptyImports', 3], ['bracket', 4], ['paste', 3], ['eolEdge', 3], ['multiCursor', 2],
	['lineOp', 3], ['typeSnippet', 3], ['full', 0.3],
];

function pickKind(rng: Rng): BurstKind {
	const total = KINDS.reduce((n, [, w]) => n + w, 0);
	let r = rng.next() * total;
	for (const [k, w] of KINDS) {
		r -= w;
		if (r < 0) {
			return k;
		}
	}
	return 'retype';
}

// ---------------------------------------------------------------------------------------------
// The runner.

export interface FuzzOptions {
	seed: number;
	/** Stop after this many content changes. */
	edits: number;
	/** Every request must answer within this many ms (a hang otherwise). */
	budgetMs?: number;
	/** Progress lines; default silent. */
	log?: (line: string) => void;
	/** Stop at the first failure (CI); the long mode counts them all. */
	stopOnFailure?: boolean;
}

export interface Failure {
	kind: 'hang' | 'crash' | 'divergence';
	detail: string;
	/** The document before the burst, the steps sent and the final text: enough to replay. */
	file: string;
	before?: string;
	steps?: Step[];
	after?: string;
}

export interface FuzzStats {
	edits: number;
	bursts: number;
	pulls: number;
	hangs: number;
	crashes: number;
	divergences: number;
	failures: Failure[];
	maxRequestMs: number;
}

class Hang extends Error {}

function withBudget<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		p,
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Hang(`${what}: no answer within ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

/** The comparable identity of a diagnostic: code, range and message. */
export function diagnosticKey(d: Diagnostic): string {
	const r = d.range;
	return `${String(d.code)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${d.message}`;
}

/**
 * The offset an LSP position can name nearest `o`: inside the text, and never between the "\r"
 * and "\n" of a CRLF (a position there is clamped to the line end, before the "\r").
 */
function lspOffset(text: string, o: number): number {
	const c = Math.max(0, Math.min(o, text.length));
	return c > 0 && text[c - 1] === '\r' && text[c] === '\n' ? c - 1 : c;
}

/** The LSP change for `e` and the edit it really makes (what the server must apply). */
function toChange(text: string, e: SpanEdit): { change: TextDocumentContentChangeEvent; applied: SpanEdit } {
	const start = lspOffset(text, e.start);
	const end = Math.max(start, lspOffset(text, e.end));
	if (start === 0 && end === text.length && text.length > 0 && e.text.length > 0) {
		return { change: { text: e.text }, applied: { start, end, text: e.text } };
	}
	return { change: { range: { start: positionAtRef(text, start), end: positionAtRef(text, end) }, text: e.text }, applied: { start, end, text: e.text } };
}

/** Runs the fuzzer against freshly started servers (a new one after a hang or crash). */
export async function runEditFuzz(options: FuzzOptions): Promise<FuzzStats> {
	const budget = options.budgetMs ?? 10_000;
	const log = options.log ?? (() => undefined);
	const rng = new Rng(options.seed);
	const corpus = editCorpus(options.seed);
	const stats: FuzzStats = { edits: 0, bursts: 0, pulls: 0, hangs: 0, crashes: 0, divergences: 0, failures: [], maxRequestMs: 0 };
	let client = await LspClient.start({ settings: { debounceMs: 0 } });
	let lastLog = Date.now();

	const timed = async <T>(p: Promise<T>, what: string): Promise<T> => {
		const t0 = performance.now();
		const r = await withBudget(p, budget, what);
		stats.maxRequestMs = Math.max(stats.maxRequestMs, performance.now() - t0);
		return r;
	};
	const pull = async (uri: string, what: string): Promise<Diagnostic[]> => {
		stats.pulls++;
		return timed(client.diagnostics(uri), what);
	};

	try {
		while (stats.edits < options.edits && !(options.stopOnFailure && stats.failures.length > 0)) {
			const file = rng.pick(corpus);
			const uri = client.uri('fuzz.py');
			let text = file.text;
			let version = 1;
			client.open(uri, text, version);
			const bursts = 3 + rng.int(20);
			try {
				await pull(uri, `pull after open of ${file.name}`);
				for (let b = 0; b < bursts && stats.edits < options.edits; b++) {
					const before = text;
					const kind = pickKind(rng);
					const steps = makeBurst(rng, kind, text, corpus) ?? [];
					const sent: Step[] = [];
					const undo: SpanEdit[] = [];
					for (const step of steps) {
						const changes: TextDocumentContentChangeEvent[] = [];
						for (const e of step) {
							const { change, applied } = toChange(text, e);
							changes.push(change);
							undo.push(inverse(text, applied));
							text = applySpan(text, applied);
						}
						sent.push(step);
						client.change(uri, ++version, changes);
						stats.edits += step.length;
						// An editor pulls while the user types; those analyses build the edit history.
						if (rng.chance(0.25)) {
							await pull(uri, `pull mid-burst (${kind})`);
						}
					}
					// Undo: revert the whole burst edit by edit, as an editor's undo stack does.
					if (undo.length > 0 && rng.chance(0.15)) {
						for (const e of undo.reverse()) {
							const { change, applied } = toChange(text, e);
							client.change(uri, ++version, [change]);
							text = applySpan(text, applied);
							stats.edits++;
							if (rng.chance(0.2)) {
								await pull(uri, 'pull mid-undo');
							}
						}
					}
					stats.bursts++;
					const incremental = (await pull(uri, `pull after ${kind} burst`)).map(diagnosticKey).sort();
					if (rng.chance(0.2)) {
						await timed(client.hover(uri, positionAtRef(text, rng.int(text.length + 1))), 'hover');
					}
					const freshUri = client.uri('fresh.py');
					client.open(freshUri, text, 1);
					const fresh = (await pull(freshUri, 'pull of the fresh copy')).map(diagnosticKey).sort();
					client.close(freshUri);
					if (JSON.stringify(incremental) !== JSON.stringify(fresh)) {
						stats.divergences++;
						const only = (xs: string[], ys: string[]) => xs.filter((x) => !ys.includes(x));
						const detail = `after a ${kind} burst on ${file.name}: incremental ${incremental.length}, fresh ${fresh.length}\n` +
							`  only incremental: ${only(incremental, fresh).slice(0, 5).join(' | ')}\n  only fresh: ${only(fresh, incremental).slice(0, 5).join(' | ')}`;
						stats.failures.push({ kind: 'divergence', detail, file: file.name, before, steps: sent, after: text });
						log(`DIVERGENCE ${detail}`);
						if (options.stopOnFailure) {
							break;
						}
						// Start this document afresh so one divergence is not counted on every later burst.
						break;
					}
					if (Date.now() - lastLog > 10_000) {
						lastLog = Date.now();
						log(`.. ${stats.edits} edits, ${stats.bursts} bursts, ${stats.divergences} divergences, max request ${stats.maxRequestMs.toFixed(0)} ms`);
					}
				}
				client.close(uri);
			} catch (err) {
				const crashed = client.exited;
				const kind = crashed ? 'crash' : err instanceof Hang ? 'hang' : 'crash';
				stats[kind === 'hang' ? 'hangs' : 'crashes']++;
				stats.failures.push({ kind, detail: err instanceof Error ? err.message : String(err), file: file.name, after: text });
				log(`${kind.toUpperCase()} on ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
				await client.kill();
				client = await LspClient.start({ settings: { debounceMs: 0 } });
			}
		}
	} finally {
		await client.stop().catch(() => client.kill());
	}
	return stats;
}
