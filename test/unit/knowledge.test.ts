import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { RULE_METAS as RULES } from '../../server/src/rules';
import type { KnowledgeEntry, KnowledgeFile } from '../../server/src/knowledge';

// Contract tests for the auth knowledge file, its notes, the rule pages and the fact snapshot.

const ROOT = path.resolve(__dirname, '../..');
const KNOWLEDGE = path.join(ROOT, 'server/knowledge/auth.json');
const SCHEMA = path.join(ROOT, 'server/knowledge/knowledge.schema.json');
const NOTES_DIR = path.join(ROOT, 'server/notes');
const RULES_DIR = path.join(ROOT, 'docs/rules');
const SNAPSHOT = path.join(ROOT, 'test/reference/auth-symbols.snapshot.json');

const MIGRATION_GUIDE = 'https://py.sdk.modelcontextprotocol.io/migration/';
const NOTE_HEADINGS = [
	'## What changed',
	'## Why it matters for auth',
	'## Before (v1)',
	'## After (V2)',
	'## How to migrate',
	'## Evidence',
	'## Verified against',
];
const RULE_HEADINGS = [
	'## What it does',
	'## Why is this bad?',
	'## Example',
	'## Use instead',
	'## Fix safety',
	'## Options',
	'## References',
];

// The data files are read as the engine's own types, so a field added to one is checked in both.
type Entry = KnowledgeEntry;
type Knowledge = KnowledgeFile & { $schema?: string };

interface SnapshotRow {
	module: string;
	symbol: string;
	v2_status: string;
}

function readJson<T>(file: string): T {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

const knowledge = readJson<Knowledge>(KNOWLEDGE);
const snapshot = readJson<SnapshotRow[]>(SNAPSHOT);
const bySymbol = new Map(knowledge.entries.map((e) => [e.symbol, e]));

function entry(symbol: string): Entry {
	const e = bySymbol.get(symbol);
	assert.ok(e, `auth.json has no entry for ${symbol}`);
	return e;
}

/** The FQN rule: module entries use the module path; the rest are module + '.' + symbol. */
function toFqn(row: { module: string; symbol: string }): string {
	const symbol = row.symbol.replace(/ \(implicit re-export\)$/, '');
	return symbol === row.module ? row.module : `${row.module}.${symbol}`;
}

test('auth.json validates against knowledge.schema.json', () => {
	const ajv = new Ajv({ allErrors: true });
	const validate = ajv.compile(readJson<object>(SCHEMA));
	const ok = validate(knowledge);
	assert.equal(ok, true, ajv.errorsText(validate.errors, { separator: '\n' }));
	assert.equal(knowledge.area, 'auth');
	assert.equal(knowledge.$schema, './knowledge.schema.json');
	assert.deepEqual(knowledge.trackedModules, [
		'mcp.server.auth', 'mcp.shared.auth', 'mcp.shared.auth_utils', 'mcp.client.auth', 'mcp.server.fastmcp',
	]);
});

test('the schema rejects an entry without evidence (the validator is really checking)', () => {
	const ajv = new Ajv({ allErrors: true });
	const validate = ajv.compile(readJson<object>(SCHEMA));
	const broken = structuredClone(knowledge);
	broken.entries[0].evidence = [];
	assert.equal(validate(broken), false);
});

// The snapshot is the committed copy of the 155 reference symbols (module, symbol, V2 status) the
// knowledge was first written from; the product depends on nothing outside the repository.
test('snapshot holds the 155 reference entries', () => {
	assert.equal(snapshot.length, 155);
	for (const row of snapshot) {
		assert.deepEqual(Object.keys(row).sort(), ['module', 'symbol', 'v2_status']);
	}
});

test('every snapshot entry maps to exactly one auth.json entry with the same status', () => {
	const counts = new Map<string, number>();
	for (const e of knowledge.entries) {
		counts.set(e.symbol, (counts.get(e.symbol) ?? 0) + 1);
	}
	const problems: string[] = [];
	for (const row of snapshot) {
		const fqn = toFqn(row);
		const n = counts.get(fqn) ?? 0;
		if (n !== 1) {
			problems.push(`${fqn}: ${n} entries`);
			continue;
		}
		const e = bySymbol.get(fqn)!;
		if (e.status !== row.v2_status) {
			problems.push(`${fqn}: status ${e.status}, reference says ${row.v2_status}`);
		}
	}
	assert.deepEqual(problems, []);
	// Spot-check the FQN rule on the awkward rows.
	assert.equal(toFqn({ module: 'mcp.server.auth', symbol: 'mcp.server.auth' }), 'mcp.server.auth');
	assert.equal(
		toFqn({ module: 'mcp.client.auth.extensions.client_credentials', symbol: 'OAuthTokenError (implicit re-export)' }),
		'mcp.client.auth.extensions.client_credentials.OAuthTokenError',
	);
	assert.equal(entry('mcp.server.fastmcp.server.FastMCP(host=)').status, 'moved');
});

test('entries beyond the reference are the sourced extras and the watch items', () => {
	const fromReference = new Set(snapshot.map(toFqn));
	const extras = knowledge.entries.filter((e) => !fromReference.has(e.symbol)).map((e) => e.symbol).sort();
	const F = 'mcp.server.fastmcp.server';
	const CC = 'mcp.client.auth.extensions.client_credentials';
	const S = 'mcp.server.mcpserver.server';
	const v2MovedKeywords = ['host', 'port', 'json_response', 'stateless_http', 'streamable_http_path', 'event_store', 'retry_interval', 'max_request_body_size', 'sse_path', 'message_path', 'transport_security'];
	const settingsFields = ['host', 'port', 'mount_path', 'sse_path', 'message_path', 'streamable_http_path', 'json_response', 'stateless_http', 'transport_security'];
	const expected = [
		`${F}.FastMCP.settings`,
		`${F}.FastMCP._mcp_server`,
		`${F}.FastMCP.run(mount_path=)`,
		`${F}.FastMCP.sse_app(mount_path=)`,
		`${CC}.ClientCredentialsOAuthProvider(scopes=)`,
		`${CC}.PrivateKeyJWTOAuthProvider(scopes=)`,
		'mcp.server.fastmcp.Image',
		'mcp.server.fastmcp.Audio',
		'mcp.server.fastmcp.Icon',
		...settingsFields.map((f) => `${F}.Settings.${f}`),
		'mcp.server.auth.settings.AuthSettings(validate_token_resource=)',
		`${CC}.ClientCredentialsOAuthProvider(issuer=)`,
		`${CC}.PrivateKeyJWTOAuthProvider(issuer=)`,
		// V2 names that V1-shaped code still reaches (issue 18: V2 names with V1 shapes are breaks).
		`${S}.MCPServer`,
		...v2MovedKeywords.map((k) => `${S}.MCPServer(${k}=)`),
		`${S}.MCPServer(mount_path=)`,
		`${S}.MCPServer.run`,
		`${S}.MCPServer.sse_app`,
		`${S}.MCPServer.run(mount_path=)`,
		`${S}.MCPServer.sse_app(mount_path=)`,
		'mcp.server.mcpserver.context.Context',
		'mcp.server.mcpserver.context.Context(fastmcp=)',
		'mcp.server.mcpserver.context.Context.fastmcp',
		'mcp.server.mcpserver.context.Context.client_id',
		// Issue 19: the 1.29 -> 2.0 keyword and position moves the SDK's signatures show, the
		// bearer_auth names added in 1.27.2, and prompt_manager (renamed to prompts.manager in V2).
		...['instructions', 'website_url', 'icons', 'max_request_body_size'].map((k) => `${F}.FastMCP(${k}=)`),
		`${F}.FastMCP.run_sse_async`,
		`${F}.FastMCP.run_sse_async(mount_path=)`,
		`${F}.Context(fastmcp=)`,
		'mcp.client.auth.oauth2.OAuthClientProvider(client_metadata_url=)',
		'mcp.server.auth.middleware.bearer_auth.AuthorizationContext',
		'mcp.server.auth.middleware.bearer_auth.authorization_context',
		'mcp.server.fastmcp.prompts.prompt_manager',
		// Re-exports whose V2 home is not the same path under mcp.server.mcpserver.
		...['ServerSession', 'ElicitationResult', 'UrlElicitationResult', 'ElicitSchemaModelT', 'elicit_with_validation'].map((n) => `${F}.${n}`),
		'mcp.server.fastmcp.tools.base.UrlElicitationRequiredError',
	].sort();
	assert.deepEqual(extras, expected);
	assert.equal(knowledge.entries.length, 155 + expected.length);
	for (const f of settingsFields) {
		const e = entry(`${F}.Settings.${f}`);
		assert.equal(e.kind, 'attribute');
		assert.equal(e.status, 'removed');
		assert.equal(e.note, 'settings-env-vars');
		assert.match(e.message, /ValueError/);
	}
});

test('no duplicate symbols or aliases, and no alias shadows an entry', () => {
	const seen = new Map<string, string>();
	const clashes: string[] = [];
	for (const e of knowledge.entries) {
		for (const name of [e.symbol, ...(e.aliases ?? [])]) {
			const prev = seen.get(name);
			if (prev !== undefined) {
				clashes.push(`${name} (${prev} and ${e.symbol})`);
			}
			seen.set(name, e.symbol);
		}
	}
	assert.deepEqual(clashes, []);
});

test('re-export aliases follow the v1 __init__ exports', () => {
	assert.deepEqual(entry('mcp.server.fastmcp.server.FastMCP').aliases, ['mcp.server.fastmcp.FastMCP', 'mcp.server.FastMCP']);
	assert.deepEqual(entry('mcp.server.fastmcp.server.Context').aliases, ['mcp.server.fastmcp.Context']);
	const clientAuthAll: Record<string, string> = {
		OAuthClientProvider: 'mcp.client.auth.oauth2.OAuthClientProvider',
		OAuthFlowError: 'mcp.client.auth.exceptions.OAuthFlowError',
		OAuthRegistrationError: 'mcp.client.auth.exceptions.OAuthRegistrationError',
		OAuthTokenError: 'mcp.client.auth.exceptions.OAuthTokenError',
		PKCEParameters: 'mcp.client.auth.oauth2.PKCEParameters',
		TokenStorage: 'mcp.client.auth.oauth2.TokenStorage',
	};
	for (const [name, definer] of Object.entries(clientAuthAll)) {
		assert.deepEqual(entry(definer).aliases, [`mcp.client.auth.${name}`], definer);
	}
	// The implicit re-export is its own (removed) entry and carries no alias.
	const implicit = entry('mcp.client.auth.extensions.client_credentials.OAuthTokenError');
	assert.equal(implicit.status, 'removed');
	assert.equal(implicit.aliases, undefined);
	assert.deepEqual(implicit.fix, { kind: 'import', module: 'mcp.client.auth', safety: 'safe' });
});

test('FastMCP, Context and the fastmcp modules carry the rename data', () => {
	for (const [sym, target] of [['mcp.server.fastmcp', 'mcp.server.mcpserver'], ['mcp.server.fastmcp.server', 'mcp.server.mcpserver.server']]) {
		const e = entry(sym);
		assert.equal(e.kind, 'module');
		assert.equal(e.status, 'moved');
		assert.equal(e.coversSubmodules, true);
		assert.equal(e.target, target);
		assert.deepEqual(e.fix, { kind: 'import', module: 'mcp.server.mcpserver' });
	}
	const fast = entry('mcp.server.fastmcp.server.FastMCP');
	assert.equal(fast.status, 'renamed');
	assert.equal(fast.target, 'mcp.server.mcpserver.MCPServer');
	assert.deepEqual(fast.fix, { kind: 'import', module: 'mcp.server.mcpserver', name: 'MCPServer', safety: 'safe' });
	const ctx = entry('mcp.server.fastmcp.server.Context');
	assert.equal(ctx.status, 'moved');
	assert.deepEqual(ctx.fix, { kind: 'import', module: 'mcp.server.mcpserver', name: 'Context', safety: 'safe' });
	const err = entry('mcp.server.fastmcp.exceptions.FastMCPError');
	assert.equal(err.status, 'renamed');
	assert.deepEqual(err.fix, { kind: 'import', module: 'mcp.server.mcpserver.exceptions', name: 'MCPServerError', safety: 'safe' });
	for (const name of ['Image', 'Audio', 'Icon']) {
		const e = entry(`mcp.server.fastmcp.${name}`);
		assert.equal(e.status, 'moved');
		assert.equal(e.target, `mcp.server.mcpserver.${name}`);
		assert.deepEqual(e.fix, { kind: 'import', module: 'mcp.server.mcpserver', safety: 'safe' });
	}
});

test('MCP104 covers every FastMCP constructor keyword that moved, plus the auth wiring', () => {
	const F = 'mcp.server.fastmcp.server.FastMCP';
	const transport = ['host', 'port', 'json_response', 'stateless_http', 'streamable_http_path', 'sse_path', 'message_path', 'event_store', 'retry_interval', 'transport_security', 'mount_path', 'max_request_body_size'];
	for (const kw of transport) {
		const e = entry(`${F}(${kw}=)`);
		assert.equal(e.kind, 'param');
		assert.equal(e.rule, 'MCP104', kw);
		assert.ok(['moved', 'removed'].includes(e.status), kw);
	}
	for (const kw of ['auth', 'auth_server_provider', 'token_verifier']) {
		const e = entry(`${F}(${kw}=)`);
		assert.equal(e.status, 'unchanged', kw);
		assert.equal(e.rule, 'MCP104', kw);
	}
	assert.equal(entry(`${F}(auth_server_provider=)`).position, 4);
	assert.equal(entry(`${F}(token_verifier=)`).position, 5);
	assert.equal(entry(`${F}(auth=)`).position, undefined, 'auth= is keyword-only in v1');
	const withMcp104 = knowledge.entries.filter((e) => e.rule === 'MCP104' && e.symbol.startsWith(`${F}(`)).map((e) => e.symbol);
	assert.equal(withMcp104.length, transport.length + 3);
});

test('MCP105 entries and receiver inference', () => {
	const F = 'mcp.server.fastmcp.server';
	const mcp105 = knowledge.entries.filter((e) => e.rule === 'MCP105').map((e) => e.symbol).sort();
	const V2C = 'mcp.server.mcpserver.context.Context';
	assert.deepEqual(mcp105, [`${F}.Context(fastmcp=)`, `${F}.Context.client_id`, `${F}.Context.fastmcp`, `${F}.FastMCP.get_context`, `${V2C}(fastmcp=)`, `${V2C}.client_id`, `${V2C}.fastmcp`]);
	assert.equal(entry(`${F}.Context.client_id`).kind, 'property');
	assert.equal(entry(`${F}.Context.fastmcp`).kind, 'property');
	assert.equal(entry(`${F}.Context.request_context`).kind, 'property');
	for (const m of ['get_context', 'run', 'sse_app', 'streamable_http_app', 'custom_route']) {
		assert.equal(entry(`${F}.FastMCP.${m}`).kind, 'method', m);
	}
	assert.equal(entry(`${F}.FastMCP.get_context`).returns, `${F}.Context`);
	assert.equal(entry(`${F}.Context.fastmcp`).returns, `${F}.FastMCP`);
	const settings = entry(`${F}.FastMCP.settings`);
	assert.equal(settings.kind, 'property');
	assert.equal(settings.status, 'signature_changed');
	assert.equal(settings.returns, `${F}.Settings`);
	// Every `returns` names a class the catalogue knows, so inference can continue from it.
	// (in either area: FastMCP._mcp_server returns the low-level Server of the resources area).
	const anyArea = new Map([...knowledge.entries, ...readJson<Knowledge>(path.join(ROOT, 'server/knowledge/resources.json')).entries].map((e) => [e.symbol, e]));
	for (const e of knowledge.entries) {
		if (e.returns !== undefined) {
			assert.ok(anyArea.has(e.returns), `${e.symbol} returns unknown ${e.returns}`);
			assert.equal(anyArea.get(e.returns)!.kind, 'class', e.returns);
		}
	}
	assert.match(entry('mcp.server.auth.middleware.auth_context.get_access_token').message, /client_id/);
});

test('client parameter entries carry positions and fixes', () => {
	const O = 'mcp.client.auth.oauth2.OAuthClientProvider';
	assert.equal(entry(`${O}(timeout=)`).position, 5);
	assert.deepEqual(entry(`${O}(timeout=)`).fix, { kind: 'removeKeyword', safety: 'review' });
	assert.equal(entry(`${O}(callback_handler=)`).position, 4);
	const CC = 'mcp.client.auth.extensions.client_credentials';
	for (const [cls, pos] of [['ClientCredentialsOAuthProvider', 5], ['PrivateKeyJWTOAuthProvider', 4]] as const) {
		const e = entry(`${CC}.${cls}(scopes=)`);
		assert.equal(e.status, 'renamed');
		assert.equal(e.target, 'scope=');
		assert.equal(e.position, pos);
		assert.deepEqual(e.fix, { kind: 'renameKeyword', to: 'scope', safety: 'safe' });
	}
});

test('watch entries have since, MCP106 and wording for an omitted keyword', () => {
	const watch = knowledge.entries.filter((e) => e.status === 'watch');
	assert.deepEqual(watch.map((e) => e.symbol).sort(), [
		'mcp.client.auth.extensions.client_credentials.ClientCredentialsOAuthProvider(issuer=)',
		'mcp.client.auth.extensions.client_credentials.PrivateKeyJWTOAuthProvider(issuer=)',
		'mcp.server.auth.settings.AuthSettings(validate_token_resource=)',
	]);
	for (const e of watch) {
		assert.equal(e.kind, 'param');
		assert.equal(e.rule, 'MCP106');
		assert.ok(e.since && /PR #\d+/.test(e.since), `${e.symbol}: since must name the PR`);
		assert.match(e.message, /3\.0/);
		assert.match(e.verifiedAgainst, /^mcp 2\./);
	}
	assert.match(entry('mcp.client.auth.extensions.client_credentials.ClientCredentialsOAuthProvider(issuer=)').message, /omitting it is deprecated/);
	assert.equal(knowledge.entries.filter((e) => e.rule === 'MCP106').length, watch.length);
});

test('messages are single specific sentences and targets follow status', () => {
	const problems: string[] = [];
	for (const e of knowledge.entries) {
		if (!/[.)]$/.test(e.message)) problems.push(`${e.symbol}: message does not end a sentence`);
		if (/[.!?] [A-Z]/.test(e.message)) problems.push(`${e.symbol}: message looks like more than one sentence`);
		if (/^(unchanged|moved|renamed|removed|signature changed|watch)\b/i.test(e.message)) {
			problems.push(`${e.symbol}: message repeats the verdict the engine prepends`);
		}
		if (['moved', 'renamed'].includes(e.status) && !e.target) problems.push(`${e.symbol}: ${e.status} without target`);
		if (e.kind === 'param' && !/\([A-Za-z_][A-Za-z0-9_]*=\)$/.test(e.symbol)) problems.push(`${e.symbol}: param symbol must end in (name=)`);
		if (e.position !== undefined && e.kind !== 'param') problems.push(`${e.symbol}: position on a non-param`);
		if (e.coversSubmodules && e.kind !== 'module') problems.push(`${e.symbol}: coversSubmodules on a non-module`);
	}
	assert.deepEqual(problems, []);
});

test('every href and evidence link is https, and href is among the evidence', () => {
	const problems: string[] = [];
	for (const e of knowledge.entries) {
		for (const link of [e.href, ...e.evidence]) {
			if (!link.startsWith('https://')) problems.push(`${e.symbol}: ${link}`);
			if (/\s/.test(link)) problems.push(`${e.symbol}: whitespace in ${link}`);
		}
		if (!e.evidence.includes(e.href)) problems.push(`${e.symbol}: href not in evidence`);
		if (new Set(e.evidence).size !== e.evidence.length) problems.push(`${e.symbol}: duplicate evidence`);
		if (e.status === 'unchanged' && !e.evidence.includes(`${MIGRATION_GUIDE}#unchanged-auth-surfaces`)) {
			problems.push(`${e.symbol}: unchanged entry without the unchanged-auth-surfaces anchor`);
		}
		const githubLinks = e.evidence.filter((l) => l.startsWith('https://github.com/'));
		for (const l of githubLinks) {
			if (!/^https:\/\/github\.com\/modelcontextprotocol\/python-sdk\/(pull\/\d+|issues\/\d+|blob\/v\d+\.\d+\.\d+\/\S+)$/.test(l)) {
				problems.push(`${e.symbol}: unexpected GitHub link ${l}`);
			}
		}
	}
	assert.deepEqual(problems, []);
	assert.equal(entry('mcp.server.auth.provider.TokenVerifier').href, `${MIGRATION_GUIDE}#unchanged-auth-surfaces`);
	assert.equal(entry('mcp.server.fastmcp.server.FastMCP(port=)').href,
		`${MIGRATION_GUIDE}#transport-specific-parameters-moved-from-mcpserver-constructor-to-runapp-methods`);
});

/** Markdown lines outside fenced code blocks (a Python comment is not a heading). */
function proseLines(text: string): string[] {
	let inFence = false;
	return text.split('\n').filter((l) => {
		if (l.startsWith('```')) {
			inFence = !inFence;
			return false;
		}
		return !inFence;
	});
}

/** Every knowledge area shares the notes folder (auth.json, resources.json). */
const allAreas = [knowledge, readJson<Knowledge>(path.join(ROOT, 'server/knowledge/resources.json'))];
const allEntries = allAreas.flatMap((k) => k.entries);

function noteIds(): string[] {
	return [...new Set(allEntries.map((e) => e.note))].sort();
}

/** Notes of rules that are not about one catalogued symbol (MCP301, MCP302): named in the catalogue. */
function ruleNoteIds(): string[] {
	return RULES.flatMap((r) => r.note ?? []);
}

test('every knowledge area validates against the schema', () => {
	const ajv = new Ajv({ allErrors: true, strict: false });
	const validate = ajv.compile(readJson<object>(SCHEMA));
	for (const area of allAreas) {
		assert.ok(validate(area), JSON.stringify(validate.errors, null, 1));
	}
});

test('every note id has a note file with the eight headings in order, and every note file is used', () => {
	const ids = [...new Set([...noteIds(), ...ruleNoteIds()])].sort();
	assert.ok(ids.length >= 15 && ids.length <= 40, `expected 15-40 notes, got ${ids.length}`);
	const files = fs.readdirSync(NOTES_DIR).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
	assert.deepEqual(files, ids, 'note files and note ids differ');
	for (const id of ids) {
		const text = fs.readFileSync(path.join(NOTES_DIR, `${id}.md`), 'utf8');
		const lines = proseLines(text);
		assert.match(lines[0], /^# \S/, `${id}: first line must be the title`);
		const headings = lines.filter((l) => /^#{1,6} /.test(l) && !l.startsWith('# '));
		assert.deepEqual(headings, NOTE_HEADINGS, `${id}: headings`);
		assert.equal(lines.filter((l) => l.startsWith('# ')).length, 1, `${id}: one title`);

		const section = (h: string): string => {
			const start = text.indexOf(`${h}\n`);
			const next = NOTE_HEADINGS[NOTE_HEADINGS.indexOf(h) + 1];
			const end = next ? text.indexOf(`${next}\n`) : text.length;
			return text.slice(start + h.length + 1, end).trim();
		};
		const summary = section('## What changed').split(/\n\s*\n/)[0];
		assert.ok(summary.length > 40 && !summary.startsWith('#') && !summary.startsWith('-') && !summary.startsWith('```'),
			`${id}: What changed must open with a summary paragraph`);
		const sentences = summary.split(/(?<=[.!?])\s+(?=[A-Z`])/).length;
		assert.ok(sentences <= 3, `${id}: summary has ${sentences} sentences`);
		assert.match(section('## Before (v1)'), /^```python\n[\s\S]+\n```$/, `${id}: Before must be one python block`);
		assert.match(section('## After (V2)'), /^```python\n[\s\S]+\n```$/, `${id}: After must be one python block`);
		const evidence = section('## Evidence').split('\n');
		assert.ok(evidence.length >= 1 && evidence.every((l) => /^- https:\/\/\S+$/.test(l)), `${id}: Evidence must be a list of https links`);
		assert.match(section('## Verified against'), /\S/, `${id}: Verified against is empty`);
		assert.doesNotMatch(text, /<[a-zA-Z/][^>]*>/, `${id}: no HTML`);
		assert.doesNotMatch(text, /\]\(command:/, `${id}: no command links`);
	}
});

test('each note cites the links its entries point to', () => {
	const problems: string[] = [];
	for (const id of noteIds()) {
		const text = fs.readFileSync(path.join(NOTES_DIR, `${id}.md`), 'utf8');
		const hrefs = new Set(allEntries.filter((e) => e.note === id).map((e) => e.href));
		// At least one entry href per note must appear in the note's evidence list.
		if (![...hrefs].some((h) => text.includes(`- ${h}\n`))) {
			problems.push(`${id}: none of ${[...hrefs].join(', ')} is in its Evidence`);
		}
	}
	assert.deepEqual(problems, []);
});

test('every rule override exists in the catalogue and has a page; pages match the catalogue', () => {
	const codes = new Set(RULES.map((r) => r.code));
	for (const e of knowledge.entries) {
		if (e.rule !== undefined) {
			assert.ok(codes.has(e.rule), `${e.symbol}: unknown rule ${e.rule}`);
			assert.ok(fs.existsSync(path.join(RULES_DIR, `${e.rule}.md`)), `${e.symbol}: docs/rules/${e.rule}.md missing`);
		}
	}
	const severityName: Record<string, string> = { hint: 'Hint', information: 'Information', warning: 'Warning', error: 'Error' };
	const readme = fs.readFileSync(path.join(RULES_DIR, 'README.md'), 'utf8');
	for (const rule of RULES) {
		const file = path.join(RULES_DIR, `${rule.code}.md`);
		assert.ok(fs.existsSync(file), `docs/rules/${rule.code}.md missing`);
		const text = fs.readFileSync(file, 'utf8');
		const lines = text.split('\n');
		assert.equal(lines[0], `# ${rule.name} (${rule.code})`);
		const tags = rule.tags.length ? rule.tags.map((t) => t[0].toUpperCase() + t.slice(1)).join(', ') : 'none';
		assert.equal(lines[2], `Default severity: ${severityName[rule.defaultSeverity]} · Tags: ${tags} · Fix: ${rule.fix === 'none' ? 'none yet' : rule.fix}`);
		const headings = proseLines(text).filter((l) => /^#{1,6} /.test(l) && !l.startsWith('# '));
		assert.deepEqual(headings, RULE_HEADINGS, `${rule.code}: headings`);
		assert.match(text, /## Example\n\n```python\n/, `${rule.code}: Example needs a python block`);
		assert.match(text, /## Use instead\n\n```python\n/, `${rule.code}: Use instead needs a python block`);
		assert.ok(text.includes('mcpAuthHints.rules.customizations'), `${rule.code}: Options must mention customizations`);
		assert.ok(text.includes(`# noqa: ${rule.code}`), `${rule.code}: Options must show the noqa comment`);
		assert.ok(text.includes(`# mcp-auth-hints: disable=${rule.code}`), `${rule.code}: Options must show the file comment`);
		assert.ok(readme.includes(`| [${rule.code}](${rule.code}.md) | ${rule.name} | ${severityName[rule.defaultSeverity]} |`),
			`README row for ${rule.code}`);
	}
	assert.match(fs.readFileSync(path.join(RULES_DIR, 'MCP199.md'), 'utf8'), /mcpAuthHints\.maxFileSize[\s\S]*NUL/);
});
