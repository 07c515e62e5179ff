import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import Ajv from 'ajv';
import { Engine } from '../../server/src/engine';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { RULE_METAS as RULES } from '../../server/src/rules';

// The resources area: knowledge contract, notes and rule pages, and the behaviour the fixtures
// (test/fixtures/MCP200.py..MCP206.py) cannot express: the unresolved-receiver setting, finding
// metadata, and that the auth rules stay silent on resources code.

const ROOT = path.resolve(__dirname, '../..');
const knowledge: { area: string; entries: { note: string }[] } = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/knowledge/resources.json'), 'utf8'));
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/knowledge/knowledge.schema.json'), 'utf8'));
const CODES = ['MCP200', 'MCP201', 'MCP202', 'MCP203', 'MCP204', 'MCP205', 'MCP206'];

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

function findings(src: string, unresolved = false) {
	const result = engine.analyzeText(src, unresolved ? { settings: { ...DEFAULT_SETTINGS, resources: { reportUnresolvedReceivers: true } } } : {});
	assert.deepEqual(result.ruleErrors, []);
	return result.findings.map((f) => ({ code: f.code, line: f.range.start.line + 1, token: src.slice(f.span.start, f.span.end), f }));
}

test('resources.json validates against the knowledge schema', () => {
	const ajv = new Ajv({ allErrors: true });
	const validate = ajv.compile(schema);
	assert.ok(validate(knowledge), JSON.stringify(validate.errors, null, 2));
	assert.equal(knowledge.area, 'resources');
});

test('every resources note exists with the eight headings, and every rule has a page and a fixture', () => {
	const headings = ['## What changed', '## Why it matters for auth', '## Before (v1)', '## After (V2)', '## How to migrate', '## Evidence', '## Verified against'];
	for (const note of new Set<string>(knowledge.entries.map((e: { note: string }) => e.note))) {
		const file = path.join(ROOT, 'server/notes', `${note}.md`);
		assert.ok(fs.existsSync(file), `missing note ${note}`);
		const text = fs.readFileSync(file, 'utf8');
		assert.match(text, /^# \S/);
		let last = -1;
		for (const h of headings) {
			const at = text.indexOf(`\n${h}\n`);
			assert.ok(at > last, `${note}: heading ${h} missing or out of order`);
			last = at;
		}
	}
	for (const code of CODES) {
		assert.ok(RULES.some((r) => r.code === code), `${code} in the catalogue`);
		assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${code}.md`)), `docs/rules/${code}.md`);
		assert.ok(fs.existsSync(path.join(ROOT, 'test/fixtures', `${code}.py`)), `test/fixtures/${code}.py`);
		assert.match(fs.readFileSync(path.join(ROOT, 'docs/rules/README.md'), 'utf8'), new RegExp(`\\[${code}\\]`));
	}
});

const CLIENT = `from mcp import ClientSession
from agents.mcp import MCPServerStdio

async def go(session: ClientSession, server: MCPServerStdio, other):
    page = await session.list_resources(cursor="x")
    await server.read_resource("a://b")
    await other.list_resources()
    await other.read_resource("a://b")
    print(page.nextCursor)
`;

test('every finding carries symbol, note, https href and a message with the V2 replacement', () => {
	const got = findings(CLIENT).filter((x) => CODES.includes(x.code));
	assert.deepEqual(got.map((x) => [x.code, x.line, x.token]), [
		['MCP202', 5, 'cursor="x"'],
		['MCP201', 6, 'read_resource'],
		['MCP203', 9, 'nextCursor'],
	]);
	for (const { f } of got) {
		assert.ok(f.symbol, `${f.code} symbol`);
		assert.ok(f.noteId, `${f.code} note`);
		assert.match(f.href, /^https:\/\//);
	}
	assert.equal(got[0].f.symbol, 'mcp.client.session.ClientSession.list_resources(cursor=)');
	assert.match(got[0].f.message, /PaginatedRequestParams/);
	assert.equal(got[1].f.symbol, 'agents.mcp.MCPServer.read_resource');
	assert.match(got[2].f.message, /next_cursor/);
	assert.equal(got[2].f.severity, 'warning');
});

test('unresolved receivers are silent by default and Hints when the setting is on', () => {
	assert.equal(findings(CLIENT).filter((x) => x.line === 7 || x.line === 8).length, 0);
	const on = findings(CLIENT, true).filter((x) => x.line === 7 || x.line === 8);
	assert.deepEqual(on.map((x) => [x.code, x.token, x.f.severity]), [
		['MCP200', 'list_resources', 'hint'],
		['MCP200', 'read_resource', 'hint'],
	]);
});

test('with the setting on, receivers known to be something else stay silent', () => {
	const src = `from unittest.mock import AsyncMock
from pydantic_ai.mcp import MCPServerStdio
import mcp

class Repo:
    def list_resources(self):
        return []
    def again(self):
        return self.list_resources()

async def go():
    await Repo().list_resources()
    repo = Repo()
    repo.list_resources()
    mocked = AsyncMock()
    await mocked.read_resource("x")
    await MCPServerStdio("uvx").list_resources()
    await mcp.list_resources()
`;
	assert.deepEqual(findings(src, true).filter((x) => CODES.includes(x.code)), []);
});

test('the auth rules do not report resources imports or calls', () => {
	const src = `from mcp import ClientSession, Client
from agents.mcp import MCPServerStdio, MCPServer
from mcp.types import ReadResourceResult

async def go(session: ClientSession, s: MCPServer, r: ReadResourceResult):
    await session.list_resources()
    await s.list_resources()
`;
	const other = findings(src).filter((x) => !CODES.includes(x.code));
	assert.deepEqual(other.map((x) => [x.code, x.token]), []);
});

test('MCPServer resolves by import origin', () => {
	const agents = findings(`from agents.mcp import MCPServer\nasync def f(s: MCPServer):\n    await s.list_resources()\n`);
	assert.deepEqual(agents.filter((x) => x.code === 'MCP201').map((x) => x.token), ['list_resources']);
	const v2 = findings(`from mcp.server.mcpserver import MCPServer\nasync def f(s: MCPServer):\n    await s.list_resources()\n`);
	assert.deepEqual(v2.filter((x) => CODES.includes(x.code)), []);
});

test('suppression comments and rule customizations apply to the resources rules', () => {
	const src = `from mcp import ClientSession\nasync def f(s: ClientSession):\n    await s.subscribe_resource("a")  # noqa: MCP204\n    await s.unsubscribe_resource("a")\n`;
	assert.deepEqual(findings(src).filter((x) => x.code === 'MCP204').map((x) => x.line), [4]);
	const off = engine.analyzeText(src, { settings: { ...DEFAULT_SETTINGS, rules: { customizations: [{ rule: 'resource-subscriptions', severity: 'off' }] } } });
	assert.equal(off.findings.filter((f) => f.code === 'MCP204').length, 0);
	assert.deepEqual(findings(src).find((x) => x.code === 'MCP204')?.f.tags, ['deprecated']);
});
