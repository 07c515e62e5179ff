import { fit } from '../messages';
import type { FileRule } from '../rule';

// MCP302 http-without-auth: an MCP server served over HTTP (streamable HTTP, SSE, a mounted app)
// in a file that wires no auth anywhere (no auth=/token_verifier=/auth_server_provider=, no auth
// middleware). STDIO servers are never reported. Facts: server/src/facts/http.ts.

export const httpWithoutAuth: FileRule = {
	meta: {
		code: 'MCP302', name: 'http-without-auth', scope: 'file', defaultSeverity: 'information', tags: [], fix: 'none', v1Only: false, security: true,
		note: 'http-without-auth', href: 'https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization',
		summary: 'An MCP server served over HTTP (streamable HTTP, SSE, mounted app) with no auth wiring anywhere in the file.',
	},
	check(ctx, report) {
		const { exposures, hasAuthWiring } = ctx.facts.http();
		if (hasAuthWiring) {
			return;
		}
		for (const e of exposures) {
			report({
				span: { start: e.node.startIndex, end: e.node.endIndex },
				message: fit([`The ${e.server} server \`${e.what}\` is served over HTTP (${e.via}) with no auth wired`, `The ${e.server} server \`${e.what}\` is served over HTTP with no auth wired`, `This ${e.server} server is served over HTTP with no auth wired`]),
				detail: `The ${e.server} server \`${e.what}\` is served over HTTP (${e.via}) and nothing in this file wires auth (no auth=/token_verifier=/auth_server_provider=, no auth middleware): every tool, resource and prompt it registers is reachable by anyone who can reach the endpoint. Add a TokenVerifier with AuthSettings, or an auth middleware in front of the app.`,
			});
		}
	},
};
