import type { FindingTag, Severity } from '../analysis/model';

// The rule catalogue, Ruff-style: one code, one kebab-case name, one page under docs/rules/<code>.md.
// Default severities live here; per-rule overrides come from settings (rules.customizations).

export interface RuleMeta {
	code: string;
	name: string;
	defaultSeverity: Severity;
	tags: FindingTag[];
	/** One line for tables and the CLI's --list-rules. */
	summary: string;
	/** Whether findings of this rule carry a rewrite (server/src/fixes): 'sometimes' when some do. */
	fix: 'always' | 'sometimes' | 'none';
	/** Bundled note (server/notes/<note>.md) of a rule that is not about one catalogued symbol. */
	note?: string;
}

const MIGRATION_GUIDE = 'https://py.sdk.modelcontextprotocol.io/migration/';

export const RULES: readonly RuleMeta[] = [
	{ code: 'MCP100', name: 'auth-unchanged', defaultSeverity: 'hint', tags: [], fix: 'none',
		summary: 'A use of an mcp auth symbol that V2 keeps unchanged (quiet: a Hint).' },
	{ code: 'MCP101', name: 'auth-import', defaultSeverity: 'information', tags: [], fix: 'none',
		summary: 'An import from an mcp auth package or mcp.server.fastmcp, with the imported name\'s V2 verdict.' },
	{ code: 'MCP102', name: 'auth-changed', defaultSeverity: 'warning', tags: [], fix: 'none',
		summary: 'A use of a symbol whose signature or behaviour changed in V2.' },
	{ code: 'MCP103', name: 'auth-removed', defaultSeverity: 'warning', tags: ['deprecated'], fix: 'sometimes',
		summary: 'A use of a symbol that V2 removed, moved or renamed (FastMCP included).' },
	{ code: 'MCP104', name: 'fastmcp-auth-wiring', defaultSeverity: 'warning', tags: [], fix: 'sometimes',
		summary: 'A FastMCP(...) call with auth wiring or transport keywords that moved off the constructor.' },
	{ code: 'MCP105', name: 'context-auth', defaultSeverity: 'warning', tags: ['deprecated'], fix: 'sometimes',
		summary: 'ctx.client_id, ctx.fastmcp or get_context() on an mcp Context / FastMCP server.' },
	{ code: 'MCP106', name: 'auth-deprecation-watch', defaultSeverity: 'information', tags: [], fix: 'none',
		summary: 'A call that a post-2.0 release (2.1-2.3) deprecates; it still works in 2.x and breaks in 3.0.' },
	{ code: 'MCP200', name: 'session-resources', defaultSeverity: 'hint', tags: [], fix: 'none',
		summary: 'A ClientSession resources call that mcp 2.x keeps working as written (quiet: a Hint with the note).' },
	{ code: 'MCP201', name: 'agents-resources', defaultSeverity: 'information', tags: [], fix: 'none',
		summary: 'list_resources / read_resource / list_resource_templates on an openai-agents MCP server (pre-summit API).' },
	{ code: 'MCP202', name: 'session-resources-v2', defaultSeverity: 'warning', tags: [], fix: 'sometimes',
		summary: 'A ClientSession resources argument mcp 2.x rejects: cursor=, AnyUrl(...) URIs, unhandled input-required results.' },
	{ code: 'MCP203', name: 'resources-camelcase-fields', defaultSeverity: 'warning', tags: [], fix: 'sometimes',
		summary: 'A camelCase field (nextCursor, mimeType, uriTemplate, ...) read from a resources result; V2 is snake_case.' },
	{ code: 'MCP204', name: 'resource-subscriptions', defaultSeverity: 'warning', tags: ['deprecated'], fix: 'none',
		summary: 'subscribe_resource / unsubscribe_resource on a ClientSession or Client; V2 uses listen().' },
	{ code: 'MCP205', name: 'lowlevel-resource-handlers', defaultSeverity: 'warning', tags: [], fix: 'none',
		summary: 'A v1 @server.list_resources() / read_resource() / ... decorator on a low-level Server; V2 takes on_*= arguments.' },
	{ code: 'MCP206', name: 'anthropic-resource-helpers', defaultSeverity: 'information', tags: [], fix: 'none',
		summary: 'A call of anthropic\'s mcp_resource_to_content / mcp_resource_to_file converter.' },
	{ code: 'MCP301', name: 'dependency-range', defaultSeverity: 'warning', tags: [], fix: 'none', note: 'mcp-dependency-range',
		summary: 'The mcp requirement admits 2.x while V1-only APIs remain (Warning), or pins <2 with nothing V1-only left (Information).' },
	{ code: 'MCP302', name: 'http-without-auth', defaultSeverity: 'warning', tags: [], fix: 'none', note: 'http-without-auth',
		summary: 'An MCP server served over HTTP (streamable HTTP, SSE, mounted app) with no auth wiring anywhere in the file.' },
	{ code: 'MCP199', name: 'file-skipped', defaultSeverity: 'information', tags: [], fix: 'none',
		summary: 'The file was not analysed (over the size limit or not text).' },
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleMeta(code: string): RuleMeta {
	const meta = BY_CODE.get(code);
	if (!meta) {
		throw new Error(`unknown rule code ${code}`);
	}
	return meta;
}

export function isRuleCode(code: string): boolean {
	return BY_CODE.has(code);
}

export const MIGRATION_GUIDE_URL = MIGRATION_GUIDE;
