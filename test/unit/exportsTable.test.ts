import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';

// Contract tests for the generated SDK facts table (server/knowledge/exports.json): it matches
// its schema, its release ranges are well formed, and a handful of facts read by hand from the
// python-sdk tags hold. Not a test of the generator's byte-for-byte output: that is
// `scripts/knowledge/generate_exports.py --check`, which needs a python-sdk checkout.

const ROOT = path.resolve(__dirname, '../..');
const TABLE = path.join(ROOT, 'server/knowledge/exports.json');
const SCHEMA = path.join(ROOT, 'server/knowledge/exports.schema.json');

type Releases = string;
type NameRow = [string, Releases] | [string, Releases, string];
type ParamRow = [string, Releases, number | null, boolean];
interface Signature {
	r: Releases;
	params: Record<string, ParamRow[]>;
}
interface Table {
	source: { tags: { tag: string; commit: string }[] };
	releases: string[];
	modules: Record<string, { r: Releases; kind: { package: boolean; r: Releases }[]; names: Record<string, NameRow[]> }>;
	classes: Record<string, { r: Releases; members: Record<string, { kind: string; r: Releases }[]>; signatures: Record<string, Signature> }>;
	functions: Record<string, { r: Releases; params: Record<string, ParamRow[]> }>;
}

const table = JSON.parse(fs.readFileSync(TABLE, 'utf8')) as Table;
const order = new Map(table.releases.map((v, i) => [v, i]));

/** Release indices a range string covers; throws on a label outside the release list. */
function indices(r: Releases): Set<number> {
	const out = new Set<number>();
	for (const part of r.split(',')) {
		const [a, b = a] = part.split('-');
		const lo = order.get(a);
		const hi = order.get(b);
		assert.ok(lo !== undefined && hi !== undefined && lo <= hi, `bad range ${part} in ${r}`);
		for (let i = lo; i <= hi; i++) out.add(i);
	}
	return out;
}

function has(r: Releases | undefined, version: string): boolean {
	const i = order.get(version);
	assert.ok(i !== undefined, `${version} is not a release in the table`);
	return r !== undefined && indices(r).has(i);
}

/** The row a module name has at a release, or undefined when it does not import there. */
function nameAt(module: string, name: string, version: string): NameRow | undefined {
	const rows = table.modules[module]?.names[name] ?? [];
	return rows.find((row) => has(row[1], version));
}

function paramAt(cls: string, callable: string, param: string, version: string): ParamRow | undefined {
	const rows = table.classes[cls]?.signatures[callable]?.params[param] ?? [];
	return rows.find((row) => has(row[1], version));
}

test('exports.json validates against its schema', () => {
	const ajv = new Ajv({ allErrors: true, strict: false });
	const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
	assert.ok(validate(table), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
});

test('the header records every release read with its commit, in version order', () => {
	const tags = table.source.tags.map((t) => t.tag);
	for (const tag of ['v1.0.0', 'v1.17.0', 'v1.26.0', 'v1.27.0', 'v1.27.1', 'v1.27.2', 'v1.28.0', 'v1.28.1', 'v1.29.0', 'v2.0.0']) {
		assert.ok(tags.includes(tag), `${tag} was not read`);
	}
	assert.deepEqual(table.releases, tags.map((t) => t.slice(1)));
	const key = (v: string) => v.split('.').map(Number);
	const sorted = [...table.releases].sort((a, b) => {
		const [x, y] = [key(a), key(b)];
		return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
	});
	assert.deepEqual(table.releases, sorted);
	assert.ok(table.source.tags.every((t) => /^[0-9a-f]{40}$/.test(t.commit)));
});

test('every release range in the table names known releases, ascending', () => {
	let count = 0;
	const walk = (v: unknown, key: string) => {
		if (key === 'r' && typeof v === 'string') {
			indices(v);
			count++;
		} else if (Array.isArray(v) && typeof v[1] === 'string' && /^\d/.test(v[1])) {
			indices(v[1]);
			count++;
		} else if (v && typeof v === 'object') {
			for (const [k, x] of Object.entries(v)) walk(x, k);
		}
	};
	walk({ modules: table.modules, classes: table.classes, functions: table.functions }, '');
	assert.ok(count > 1000, `only ${count} ranges seen`);
});

test('provider.py re-exports OAuthClientInformationFull defined in mcp.shared.auth', () => {
	for (const v of ['1.26.0', '1.29.0', '2.0.0']) {
		assert.deepEqual(nameAt('mcp.server.auth.provider', 'OAuthClientInformationFull', v)?.slice(0, 1), ['class']);
		assert.equal(nameAt('mcp.server.auth.provider', 'OAuthClientInformationFull', v)?.[2], 'mcp.shared.auth.OAuthClientInformationFull');
	}
	// auth_context.py imports AuthenticatedUser from bearer_auth: importable there, defined there.
	assert.equal(nameAt('mcp.server.auth.middleware.auth_context', 'AuthenticatedUser', '1.26.0')?.[2], 'mcp.server.auth.middleware.bearer_auth.AuthenticatedUser');
	// A class defined in the module itself carries no defining FQN.
	assert.deepEqual(nameAt('mcp.shared.auth', 'OAuthClientInformationFull', '1.29.0'), ['class', nameAt('mcp.shared.auth', 'OAuthClientInformationFull', '1.29.0')?.[1]]);
});

test('fastmcp names: ValidationError until 1.29.0, gone at 2.0.0; StreamableHTTPASGIApp moved', () => {
	assert.equal(nameAt('mcp.server.fastmcp.exceptions', 'ValidationError', '1.29.0')?.[0], 'class');
	assert.equal(nameAt('mcp.server.fastmcp.exceptions', 'ValidationError', '2.0.0'), undefined);
	assert.equal(has(table.modules['mcp.server.fastmcp.exceptions'].r, '2.0.0'), false);
	assert.equal(nameAt('mcp.server.mcpserver.exceptions', 'ValidationError', '2.0.0'), undefined);
	assert.equal(nameAt('mcp.server.fastmcp.server', 'StreamableHTTPASGIApp', '1.29.0')?.[0], 'class');
	assert.equal(nameAt('mcp.server.streamable_http_manager', 'StreamableHTTPASGIApp', '2.0.0')?.[0], 'class');
	assert.equal(nameAt('mcp.server.mcpserver.server', 'StreamableHTTPASGIApp', '2.0.0'), undefined);
});

test('FastMCP.__init__ takes host/port at 1.29.0; MCPServer.__init__ does not at 2.0.0', () => {
	const fast = 'mcp.server.fastmcp.server.FastMCP';
	const v2 = 'mcp.server.mcpserver.server.MCPServer';
	for (const p of ['host', 'port', 'max_request_body_size']) {
		assert.equal(paramAt(fast, '__init__', p, '1.29.0')?.[0], 'kw', `FastMCP(${p}=) at 1.29.0`);
		assert.equal(paramAt(v2, '__init__', p, '2.0.0'), undefined, `MCPServer(${p}=) at 2.0.0`);
	}
	assert.equal(paramAt(fast, '__init__', 'max_request_body_size', '1.28.1'), undefined);
	// Positional shifts: instructions is the 2nd positional of FastMCP, the 4th of MCPServer.
	assert.equal(paramAt(fast, '__init__', 'instructions', '1.29.0')?.[2], 1);
	assert.equal(paramAt(v2, '__init__', 'instructions', '2.0.0')?.[2], 3);
	// run_sse_async(mount_path=) is gone; MCPServer.run's overloads take the transport keywords.
	assert.equal(paramAt(fast, 'run_sse_async', 'mount_path', '1.29.0')?.[0], 'pos_kw');
	assert.equal(paramAt(v2, 'run_sse_async', 'mount_path', '2.0.0'), undefined);
	assert.equal(paramAt(v2, 'run', 'host', '2.0.0')?.[0], 'kw');
});

test('AccessToken.subject exists at 1.28.0 (first shipped in the 1.27.2 backport) and not at 1.27.1', () => {
	const members = table.classes['mcp.server.auth.provider.AccessToken'].members;
	assert.ok(members.subject.some((m) => m.kind === 'field' && has(m.r, '1.28.0')));
	assert.ok(members.subject.some((m) => has(m.r, '1.27.2')));
	assert.ok(!members.subject.some((m) => has(m.r, '1.27.1')));
	assert.equal(paramAt('mcp.server.auth.provider.AccessToken', '__init__', 'subject', '1.29.0')?.[0], 'kw');
});

test('Context: fastmcp property in v1, mcp_server in V2', () => {
	const v1 = table.classes['mcp.server.fastmcp.server.Context'].members;
	const v2 = table.classes['mcp.server.mcpserver.context.Context'].members;
	assert.ok(v1.fastmcp.some((m) => m.kind === 'property' && has(m.r, '1.29.0')));
	assert.equal(v2.fastmcp, undefined);
	assert.ok(v2.mcp_server.some((m) => has(m.r, '2.0.0')));
});

test('legacy single-file mcp/client/auth.py names end where the package begins', () => {
	const mod = table.modules['mcp.client.auth'];
	assert.ok(mod.kind.some((k) => !k.package && has(k.r, '1.17.0')));
	assert.ok(mod.kind.some((k) => k.package && has(k.r, '1.29.0')));
	assert.equal(nameAt('mcp.client.auth', 'logger', '1.17.0')?.[0], 'constant');
	assert.equal(nameAt('mcp.client.auth', 'logger', '1.29.0'), undefined);
	assert.deepEqual(nameAt('mcp.client.auth', 'httpx', '1.17.0')?.[0], 'external');
	// OAuthClientProvider moved from the single file into oauth2.py and is re-exported.
	assert.equal(nameAt('mcp.client.auth', 'OAuthClientProvider', '1.29.0')?.[2], 'mcp.client.auth.oauth2.OAuthClientProvider');
});
