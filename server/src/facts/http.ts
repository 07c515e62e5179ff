import type { Node } from 'web-tree-sitter';
import { keywordArguments, plainStringContent, positionalArguments } from '../analysis/syntax';
import type { FileContext } from './context';

// HTTP exposure facts: an MCP server served over HTTP (run(transport="streamable-http" | "sse" |
// "http"), streamable_http_app(), sse_app(), the *_async runners, or a low-level Server handed to
// StreamableHTTPSessionManager), and whether the file wires auth anywhere. Receivers are inferred
// by the evaluator (an instance of FastMCP / MCPServer / low-level Server), never matched by name:
// each class needs a knowledge entry (MCPServer's is in auth.json, the low-level Server's in
// resources.json) for `X(...)` or `X[T](...)` to be typed as an instance.
// STDIO (run(), run("stdio"), run(transport="stdio")) is never an exposure. No verdicts here.

export interface HttpExposureFact {
	/** What to underline: the method name, or the wrapper's callee. */
	node: Node;
	/** The server expression as written. */
	what: string;
	/** "FastMCP", "MCPServer" or "low-level". */
	server: string;
	/** How it is served (`run(transport="sse")`, `sse_app()`). */
	via: string;
}

export interface HttpFacts {
	exposures: HttpExposureFact[];
	/** Any auth keyword with a non-None value, or an auth middleware / backend named in the file. */
	hasAuthWiring: boolean;
}

const SERVER_CLASS = /^mcp\.server\.(?:[A-Za-z_][A-Za-z0-9_]*\.)*(FastMCP|MCPServer|Server)$/;
const HTTP_TRANSPORTS = new Set(['streamable-http', 'sse', 'http']);
/** Methods that build or run the HTTP app whatever their arguments. */
const HTTP_METHODS: Record<string, string> = {
	streamable_http_app: 'streamable_http_app()',
	sse_app: 'sse_app()',
	run_sse_async: 'run_sse_async()',
	run_streamable_http_async: 'run_streamable_http_async()',
	http_app: 'http_app()',
};
/** Calls that serve a low-level Server over HTTP when it is passed to them. */
const HTTP_WRAPPERS = new Set(['StreamableHTTPSessionManager']);
const AUTH_KEYWORDS = new Set(['auth', 'token_verifier', 'auth_server_provider']);
const AUTH_NAMES = /\b(AuthenticationMiddleware|BearerAuthBackend|RequireAuthMiddleware|AuthContextMiddleware|BearerAuthMiddleware|OAuthProxy|HTTPBearer|OAuth2PasswordBearer|APIKeyHeader)\b/;

export function collectHttpFacts(ctx: FileContext): HttpFacts {
	const { text } = ctx;
	if (!/\b(run|streamable_http_app|sse_app|run_sse_async|run_streamable_http_async|http_app|StreamableHTTPSessionManager)\b/.test(text)) {
		return { exposures: [], hasAuthWiring: false };
	}
	const exposures: HttpExposureFact[] = [];
	forCallsNamed(ctx, ['run', ...Object.keys(HTTP_METHODS), ...HTTP_WRAPPERS], (call) => {
		const fn = call.childForFieldName('function');
		if (!fn) {
			return;
		}
		if (fn.type === 'attribute') {
			const attr = fn.childForFieldName('attribute');
			const receiver = fn.childForFieldName('object');
			if (!attr || !receiver) {
				return;
			}
			const method = attr.text;
			let via: string | undefined;
			if (method === 'run') {
				const transport = transportOf(call);
				if (transport && HTTP_TRANSPORTS.has(transport)) {
					via = `run(transport="${transport}")`;
				}
			} else if (method in HTTP_METHODS) {
				via = HTTP_METHODS[method];
			}
			if (!via) {
				return;
			}
			const server = serverClass(ctx, receiver);
			if (server) {
				exposures.push({ node: attr, what: receiver.text, server, via });
			}
			return;
		}
		const name = fn.type === 'identifier' ? fn.text : undefined;
		if (name && HTTP_WRAPPERS.has(name)) {
			const app = keywordArguments(call).get('app')?.childForFieldName('value') ?? positionalArguments(call)[0];
			const server = app && serverClass(ctx, app);
			if (app && server) {
				exposures.push({ node: fn, what: app.text, server, via: `${name}(app=...)` });
			}
		}
	});
	return { exposures, hasAuthWiring: exposures.length > 0 && hasAuthWiring(ctx) };
}

/**
 * Calls whose callee is `name(...)` or `x.name(...)` for one of the names: found by text search and
 * confirmed by the tree, so the rule never walks the whole file.
 */
function forCallsNamed(ctx: FileContext, names: readonly string[], visit: (call: Node) => void): void {
	const seen = new Set<number>();
	for (const name of names) {
		for (const id of ctx.binder.identifiers(name)) {
			const parent = id.parent;
			const callee = parent && parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id ? parent : id;
			const call = callee.parent;
			if (call && call.type === 'call' && call.childForFieldName('function')?.id === callee.id && !seen.has(call.id)) {
				seen.add(call.id);
				visit(call);
			}
		}
	}
}

/** The literal transport of run(...): keyword transport= or the first positional argument. */
function transportOf(call: Node): string | undefined {
	const arg = keywordArguments(call).get('transport')?.childForFieldName('value') ?? positionalArguments(call)[0];
	if (!arg || arg.type !== 'string') {
		return undefined;
	}
	return plainStringContent(arg)?.text;
}

/** "FastMCP" / "MCPServer" / "low-level Server" when the evaluator says `expr` is one. */
function serverClass(ctx: FileContext, expr: Node): string | undefined {
	for (const v of ctx.evaluator.valueOfExpr(expr)) {
		if (v.kind !== 'instance') {
			continue;
		}
		const m = SERVER_CLASS.exec(v.cls);
		if (m) {
			return m[1] === 'Server' ? 'low-level' : m[1];
		}
	}
	return undefined;
}

/** Any auth keyword with a non-None value, or an auth middleware / backend named anywhere. */
function hasAuthWiring(ctx: FileContext): boolean {
	if (AUTH_NAMES.test(ctx.text)) {
		return true;
	}
	let found = false;
	const cursor = ctx.root.walk();
	try {
		let descending = true;
		while (!found) {
			if (descending && cursor.nodeType === 'keyword_argument') {
				const node = cursor.currentNode;
				const name = node.childForFieldName('name');
				const value = node.childForFieldName('value');
				if (name && AUTH_KEYWORDS.has(name.text) && value && value.type !== 'none') {
					found = true;
					break;
				}
			}
			if (descending && cursor.gotoFirstChild()) {
				continue;
			}
			if (cursor.gotoNextSibling()) {
				descending = true;
				continue;
			}
			if (!cursor.gotoParent()) {
				break;
			}
			descending = false;
		}
	} finally {
		cursor.delete();
	}
	return found;
}
