import type { Node } from 'web-tree-sitter';
import { keywordArguments, positionalArguments, sameNode } from '../analysis/syntax';
import type { SdkGraph } from '../knowledge/sdkGraph';
import type { FileContext } from './context';
import { unpackedKeywords } from './uses';

// Auth wiring facts: every place a server's auth is wired (`auth=`, `token_verifier=`,
// `auth_server_provider=`, by keyword, by position, or as a key of a literal dict unpacked with
// `**`) into an SDK callable whose signature takes it: the server constructors (a class whose
// constructor takes the server-level `auth=` settings: FastMCP, MCPServer, also through a project
// subclass's `super().__init__`) and the app builders of an instance (the low-level Server's
// `streamable_http_app`). A middleware's `token_verifier=` (BearerAuthBackend) is not a server's. Which callables take which slot is read
// from the SDK's signatures (exports.json through SdkGraph), never listed here. No verdicts.

export const WIRING_KEYWORDS = ['auth', 'token_verifier', 'auth_server_provider'] as const;
export type WiringKeyword = (typeof WIRING_KEYWORDS)[number];

/** Instance methods that build a server's ASGI app (where V2 lets the low-level Server take auth). */
const APP_BUILDERS = ['streamable_http_app', 'sse_app'];

export interface AuthWiringFact {
	call: Node;
	/** Defining FQN of the class whose method is called (`mcp.server.fastmcp.server.FastMCP`). */
	cls: string;
	/** `__init__` for a constructor call, else the method's name. */
	method: string;
	keyword: WiringKeyword;
	/** What to underline: the keyword's name, the positional argument, or the dict key. */
	passed: Node;
	via: 'keyword' | 'position' | 'unpacked';
	/** The release line whose signature placed the argument: the last 1.x when it has the method, else 2.0. */
	line: 'v1' | 'v2';
	/** How the call reads in a message: `FastMCP(...)`, `server.streamable_http_app(...)`. */
	subject: string;
}

export function collectAuthWiring(ctx: FileContext): AuthWiringFact[] {
	const graph = ctx.knowledge.graph;
	if (!graph || !WIRING_KEYWORDS.some((k) => ctx.text.includes(k))) {
		return [];
	}
	const out: AuthWiringFact[] = [];
	const seen = new Set<number>();
	const add = (call: Node, cls: string, method: string, subject: string) => {
		const server = method !== '__init__'
			|| !!graph.parameter(cls, '__init__', 'auth', 'v1') || !!graph.parameter(cls, '__init__', 'auth', 'v2');
		if (server && !seen.has(call.id)) {
			seen.add(call.id);
			out.push(...wiringOf(ctx, graph, call, cls, method, subject));
		}
	};
	const { uses, calls } = ctx.facts.uses();
	// Constructor calls: the callee of a tracked call (super().__init__ included), or any use that is called.
	for (const c of calls) {
		const cls = definingClass(graph, c.callee.resolved.fqn);
		if (cls) {
			add(c.call, cls, '__init__', `${c.callee.subject}(...)`);
		}
	}
	for (const use of uses) {
		const call = use.expr?.parent;
		const cls = call?.type === 'call' && sameNode(call.childForFieldName('function'), use.expr!) ? definingClass(graph, use.resolved.fqn) : undefined;
		if (call && cls) {
			add(call, cls, '__init__', `${use.subject}(...)`);
		}
	}
	// App builders on a typed instance.
	for (const name of APP_BUILDERS) {
		for (const id of ctx.binder.attributeNames(name, ctx.root)) {
			const attribute = id.parent!;
			const call = attribute.parent;
			const receiver = attribute.childForFieldName('object');
			if (!receiver || call?.type !== 'call' || !sameNode(call.childForFieldName('function'), attribute)) {
				continue;
			}
			for (const v of ctx.evaluator.valueOfExpr(receiver)) {
				const cls = v.kind === 'instance' ? definingClass(graph, v.cls) : undefined;
				if (cls) {
					add(call, cls, name, `${receiver.text.length <= 30 ? receiver.text : '…'}.${name}(...)`);
				}
			}
		}
	}
	return out;
}

/** The defining FQN of the class a path names, in either release line. */
function definingClass(graph: SdkGraph, fqn: string): string | undefined {
	const v1 = graph.v1Name(fqn);
	if (v1?.kind === 'class') {
		return v1.canonical;
	}
	return graph.v2Canonical(fqn);
}

function wiringOf(ctx: FileContext, graph: SdkGraph, call: Node, cls: string, method: string, subject: string): AuthWiringFact[] {
	const out: AuthWiringFact[] = [];
	const keywords = keywordArguments(call);
	let unpacked: Map<string, Node> | undefined;
	let positional: Node[] | undefined;
	for (const keyword of WIRING_KEYWORDS) {
		const v1 = graph.parameter(cls, method, keyword, 'v1');
		const param = v1 ?? graph.parameter(cls, method, keyword, 'v2');
		if (!param) {
			continue;
		}
		const line = v1 ? 'v1' : 'v2';
		const base = { call, cls, method, keyword, line, subject } as const;
		const kw = keywords.get(keyword)?.childForFieldName('name');
		if (kw) {
			out.push({ ...base, passed: kw, via: 'keyword' });
			continue;
		}
		positional ??= positionalArguments(call);
		const atSlot = param.kind !== 'kw' && param.position !== null ? positional[param.position] : undefined;
		if (atSlot) {
			out.push({ ...base, passed: atSlot, via: 'position' });
			continue;
		}
		unpacked ??= unpackedKeywords(ctx, call);
		const key = unpacked.get(keyword);
		if (key) {
			out.push({ ...base, passed: key, via: 'unpacked' });
		}
	}
	return out;
}
