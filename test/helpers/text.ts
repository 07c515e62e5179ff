import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

// Expected positions are computed from the test's own text with vscode-languageserver-textdocument
// (the reference LSP implementation), never with the engine's LineIndex, so a position bug in the
// engine or the server cannot hide behind the same code computing the expectation.

/** Range of the `occurrence`-th (0-based) match of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
	let index = -1;
	for (let i = 0; i <= occurrence; i++) {
		index = text.indexOf(needle, index + 1);
		if (index === -1) {
			throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
		}
	}
	const doc = TextDocument.create('file:///x.py', 'python', 1, text);
	return { start: doc.positionAt(index), end: doc.positionAt(index + needle.length) };
}

/** Range of `needle` inside the first occurrence of `context` (for names that also occur elsewhere). */
export function rangeIn(text: string, context: string, needle: string): Range {
	const at = text.indexOf(context);
	const inner = context.indexOf(needle);
	if (at === -1 || inner === -1) {
		throw new Error(`"${needle}" in "${context}" not found`);
	}
	const doc = TextDocument.create('file:///x.py', 'python', 1, text);
	return { start: doc.positionAt(at + inner), end: doc.positionAt(at + inner + needle.length) };
}

/** The codes of the diagnostics whose range is exactly `range`, sorted. */
export function codesAt(diagnostics: readonly Diagnostic[], range: Range): string[] {
	return diagnostics.filter((d) => JSON.stringify(d.range) === JSON.stringify(range)).map((d) => String(d.code)).sort();
}

export function applyEdits(text: string, edits: TextEdit[]): string {
	return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 1, text), edits);
}

/** The v1 auth server the LSP tests share. */
export const AUTH_SERVER = `from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.fastmcp import FastMCP, Context


class MyVerifier(TokenVerifier):
    async def verify_token(self, token: str) -> AccessToken | None:
        return None


mcp = FastMCP("demo", token_verifier=MyVerifier(), port=8000)


@mcp.tool()
def whoami(ctx: Context) -> str:
    return ctx.client_id
`;
