import type { AuthWiringFact } from '../../facts/authWiring';
import type { FileContext } from '../../facts/context';
import { fit } from '../messages';
import type { FileRule } from '../rule';
import { displayName } from '../verdict';

// MCP107 auth-wiring: one finding on each argument that wires a server's auth (`auth=`,
// `token_verifier=`, `auth_server_provider=`) into FastMCP / MCPServer or a low-level Server app
// builder, so a reader of a long call sees where auth is wired. A Hint when V2 takes the argument
// where it is written; a Warning when V2 moved its positional slot or no longer takes it there.
// The signatures come from the SDK's table (facts/authWiring.ts); the V2 counterpart of a 1.x
// class from its knowledge entry. Not a verdict on the class itself (the import and constructor
// rules give that).

const CODE = 'MCP107';
const POSITIONS_HREF = 'https://py.sdk.modelcontextprotocol.io/migration/#mcpserver-constructor-title-description-and-version-added-to-the-positional-parameters';

export const authWiring: FileRule = {
	meta: {
		code: CODE, name: 'auth-wiring', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
		summary: 'Where auth is wired: auth=, token_verifier= or auth_server_provider= on a server constructor or app builder.',
		note: 'fastmcp-auth-wiring',
		href: 'https://py.sdk.modelcontextprotocol.io/migration/#unchanged-auth-surfaces',
	},
	check(ctx, report) {
		for (const fact of ctx.facts.authWiring()) {
			const verdict = judge(ctx, fact);
			report({
				span: { start: fact.passed.startIndex, end: fact.passed.endIndex },
				severity: verdict.breaks ? 'warning' : undefined,
				message: verdict.message,
				symbol: `${fact.cls}${fact.method === '__init__' ? '' : '.' + fact.method}(${fact.keyword}=)`,
				status: verdict.breaks ? 'signature_changed' : 'unchanged',
				href: verdict.breaks ? POSITIONS_HREF : undefined,
				tags: [],
			});
		}
	},
};

function judge(ctx: FileContext, fact: AuthWiringFact): { breaks: boolean; message: string } {
	const { keyword, subject } = fact;
	const graph = ctx.knowledge.graph!;
	const what = fact.via === 'position' ? `\`${keyword}\` (by position)` : `\`${keyword}=\``;
	if (fact.line === 'v2') {
		return { breaks: false, message: fit([`${what} wires auth into \`${subject}\` (mcp 2 API).`, `${what} wires auth (mcp 2 API).`]) };
	}
	const v2Class = counterpart(ctx, fact.cls);
	const v2Name = `${displayName(v2Class)}${fact.method === '__init__' ? '' : '.' + fact.method}(...)`;
	const v1 = graph.parameter(fact.cls, fact.method, keyword, 'v1');
	const v2 = graph.parameter(v2Class, fact.method, keyword, 'v2');
	if (!v2) {
		return { breaks: true, message: fit([`${what} wires auth into \`${subject}\`; V2's \`${v2Name}\` no longer takes it.`, `${what}: V2's \`${v2Name}\` no longer takes it.`]) };
	}
	if (fact.via === 'position' && (v2.kind === 'kw' || v2.position !== v1?.position)) {
		const where = v2.kind === 'kw' ? 'keyword-only' : `slot ${(v2.position ?? 0) + 1}`;
		return { breaks: true, message: fit([`${what} wires auth; V2's \`${v2Name}\` moved it (${where}): pass \`${keyword}=\`.`, `${what}: V2 moved it (${where}); pass \`${keyword}=\`.`]) };
	}
	return { breaks: false, message: fit([`${what} wires auth into \`${subject}\`; V2's \`${v2Name}\` keeps it.`, `${what} wires auth; V2's \`${v2Name}\` keeps it.`, `${what} wires auth; V2 keeps it.`]) };
}

/** The mcp 2 class a 1.x class became (FastMCP -> MCPServer), by its knowledge entry's target. */
function counterpart(ctx: FileContext, cls: string): string {
	const target = ctx.knowledge.lookup(cls)?.entry.target;
	return (target && ctx.knowledge.graph?.v2Canonical(target)) ?? target ?? cls;
}
