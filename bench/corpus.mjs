// Deterministic synthetic Python corpora for the benchmark: no downloads, same seed -> same bytes.
//
// Two profiles (issue 14):
// - `real` (the default corpus) resembles a folder of real MCP repositories: about half the files
//   mention `mcp` (servers on the low-level Server, clients calling tools, `mcp.types` helpers, tests
//   using the in-memory session, and a few that only name mcp in a comment, string or identifier),
//   and about 8% use the auth / resources / FastMCP surface the rules report on. Files that mention
//   mcp are bigger (they hold ~62% of the bytes), as measured on 22 public MCP repositories.
// - `sparse` (the old default, kept as a second row): an application repository where 2% of the
//   files use the auth surface and no other file contains the substring "mcp".
// Shapes follow what a repository holds: modules with classes and long functions, dense literal
// tables (sympy-style), pytest files, async code. `mention: true` (the worst case) makes every
// non-auth file mention mcp so every file must be parsed and analysed.
//
// The corpus is cached under bench/.corpus/<key>/, keyed by the parameters and a hash of this file,
// so editing the generator invalidates old corpora automatically.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_ROOT = path.join(HERE, '.corpus');
const GENERATOR_HASH = createHash('sha256').update(fs.readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function hashSeed(...parts) {
	const h = createHash('sha256').update(parts.join('/')).digest();
	return h.readUInt32LE(0);
}

// None of these words (nor any concatenation with "_" or in CamelCase) contains "mcp".
const WORDS = [
	'account', 'action', 'active', 'address', 'agent', 'alias', 'amount', 'anchor', 'api', 'archive', 'array', 'asset',
	'batch', 'bucket', 'buffer', 'build', 'bundle', 'cache', 'callback', 'candidate', 'channel', 'chunk', 'client',
	'column', 'command', 'config', 'context', 'count', 'cursor', 'customer', 'data', 'date', 'delta', 'device', 'digest',
	'entry', 'event', 'factor', 'feature', 'field', 'filter', 'flag', 'frame', 'graph', 'group', 'handler', 'header',
	'index', 'input', 'item', 'job', 'key', 'label', 'layer', 'limit', 'line', 'link', 'loader', 'local', 'lock', 'matrix',
	'member', 'message', 'meta', 'metric', 'mode', 'model', 'module', 'node', 'offset', 'order', 'owner', 'packet', 'page',
	'param', 'parent', 'parser', 'path', 'payload', 'peer', 'point', 'policy', 'pool', 'port', 'prefix', 'price', 'queue',
	'range', 'rate', 'record', 'region', 'report', 'request', 'response', 'result', 'retry', 'route', 'row', 'rule',
	'sample', 'scale', 'schema', 'score', 'segment', 'session', 'shape', 'signal', 'size', 'slot', 'source', 'span',
	'stage', 'state', 'status', 'step', 'store', 'stream', 'suffix', 'summary', 'table', 'tag', 'target', 'task', 'tenant',
	'term', 'text', 'ticket', 'timer', 'token', 'total', 'trace', 'user', 'value', 'vector', 'version', 'view', 'weight',
	'window', 'worker', 'zone',
];
const VERBS = [
	'add', 'apply', 'build', 'check', 'collect', 'compute', 'convert', 'create', 'decode', 'delete', 'emit', 'encode',
	'ensure', 'expand', 'fetch', 'filter', 'find', 'flush', 'format', 'get', 'handle', 'load', 'lookup', 'make', 'merge',
	'normalize', 'open', 'parse', 'prepare', 'process', 'read', 'refresh', 'register', 'render', 'reset', 'resolve',
	'run', 'save', 'scan', 'select', 'send', 'serialize', 'set', 'sort', 'split', 'start', 'stop', 'sync', 'track',
	'transform', 'update', 'validate', 'write',
];
const STD_IMPORTS = [
	'import os', 'import sys', 'import re', 'import json', 'import logging', 'import itertools', 'import functools',
	'import collections', 'import dataclasses', 'import datetime', 'import hashlib', 'import math', 'import time',
	'import uuid', 'import asyncio', 'import contextlib', 'import enum', 'import typing', 'import pathlib',
	'from typing import Any, Dict, List, Optional, Tuple, Union',
	'from typing import Callable, Iterable, Iterator, Mapping, Sequence',
	'from dataclasses import dataclass, field', 'from collections import defaultdict, OrderedDict',
	'from pathlib import Path', 'from functools import lru_cache, partial, wraps', 'from enum import Enum, IntEnum',
	'from datetime import datetime, timedelta, timezone', 'from contextlib import contextmanager, suppress',
];
const THIRD_PARTY = [
	'import numpy as np', 'import pandas as pd', 'import requests', 'import httpx', 'import pytest',
	'from pydantic import BaseModel, Field', 'from sqlalchemy import Column, Integer, String',
	'from fastapi import APIRouter, Depends', 'import attr', 'import yaml', 'import click',
	'from starlette.requests import Request', 'from django.db import models',
];
const EXC = ['ValueError', 'KeyError', 'TypeError', 'RuntimeError', 'OSError', 'LookupError', 'IndexError'];
const BUILTINS = ['len', 'sorted', 'min', 'max', 'sum', 'list', 'dict', 'set', 'tuple', 'str', 'int', 'float', 'isinstance', 'enumerate', 'zip', 'any', 'all'];

class Gen {
	constructor(seed) {
		this.r = mulberry32(seed);
	}
	f() {
		return this.r();
	}
	int(a, b) {
		return a + Math.floor(this.r() * (b - a + 1));
	}
	pick(arr) {
		return arr[Math.floor(this.r() * arr.length)];
	}
	chance(p) {
		return this.r() < p;
	}
	word() {
		return this.pick(WORDS);
	}
	name(n = this.chance(0.7) ? 1 : 2) {
		const parts = [];
		for (let i = 0; i < n; i++) {
			parts.push(this.word());
		}
		return parts.join('_');
	}
	func() {
		return `${this.pick(VERBS)}_${this.name(this.int(1, 2))}`;
	}
	cls() {
		const n = this.int(1, 3);
		let s = '';
		for (let i = 0; i < n; i++) {
			const w = this.word();
			s += w[0].toUpperCase() + w.slice(1);
		}
		return s;
	}
	str() {
		const k = this.int(0, 2);
		const parts = [];
		for (let i = 0; i < k + 1; i++) {
			parts.push(this.word());
		}
		return JSON.stringify(parts.join(this.pick([' ', '-', '_', '/', '.'])));
	}
	num() {
		return this.chance(0.7) ? String(this.int(0, this.pick([9, 100, 1000, 65535]))) : (this.f() * 1000).toFixed(this.int(1, 4));
	}
	/** A lognormal-ish positive number with the given mean. */
	lognormal(mean, sigma) {
		// Box-Muller
		const u = Math.max(this.r(), 1e-12);
		const v = this.r();
		const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		const mu = Math.log(mean) - sigma * sigma / 2;
		return Math.exp(mu + sigma * z);
	}
}

// ---------------------------------------------------------------------------------------------
// Expressions and statements

function expr(g, vars, depth = 0) {
	const v = () => (vars.length ? g.pick(vars) : g.name(1));
	const k = depth > 1 ? g.int(0, 3) : g.int(0, 13);
	switch (k) {
		case 0: return v();
		case 1: return g.num();
		case 2: return g.str();
		case 3: return `${v()}.${g.word()}`;
		case 4: return `${g.func()}(${args(g, vars, depth + 1)})`;
		case 5: return `${v()}.${g.func()}(${args(g, vars, depth + 1)})`;
		case 6: return `${expr(g, vars, depth + 1)} ${g.pick(['+', '-', '*', '/', '//', '%', '|', '&'])} ${expr(g, vars, depth + 1)}`;
		case 7: return `${g.pick(BUILTINS)}(${expr(g, vars, depth + 1)})`;
		case 8: return `[${g.word()}.${g.word()} for ${g.word()} in ${v()} if ${g.word()}]`;
		case 9: return `f"{${v()}}/${g.word()}/{${v()}!r}"`;
		case 10: return `${v()}[${g.chance(0.5) ? g.str() : g.int(0, 9)}]`;
		case 11: return `${expr(g, vars, depth + 1)} if ${v()} else ${expr(g, vars, depth + 1)}`;
		case 12: return `{${g.str()}: ${expr(g, vars, depth + 1)}, ${g.str()}: ${v()}}`;
		default: return `(lambda ${g.word()}: ${g.word()}.${g.word()})`;
	}
}

function args(g, vars, depth) {
	// Positional arguments first, then keywords: valid Python for every parser (Ruff rejects the rest).
	const n = g.int(0, 3);
	const out = [];
	let keywords = false;
	for (let i = 0; i < n; i++) {
		keywords = keywords || g.chance(0.35);
		out.push(keywords ? `${g.word()}_arg${i}=${expr(g, vars, depth)}` : expr(g, vars, depth));
	}
	return out.join(', ');
}

function cond(g, vars) {
	const v = vars.length ? g.pick(vars) : g.word();
	switch (g.int(0, 4)) {
		case 0: return `${v} is None`;
		case 1: return `not ${v}`;
		case 2: return `${g.pick(BUILTINS.slice(0, 3))}(${v}) > ${g.int(0, 50)}`;
		case 3: return `isinstance(${v}, (${g.pick(['dict', 'list', 'str', 'int'])}, ${g.pick(['tuple', 'bytes', 'float'])}))`;
		default: return `${v} ${g.pick(['==', '!=', '<', '>=', 'in', 'not in'])} ${expr(g, vars, 2)}`;
	}
}

/** Appends statements (roughly `budget` lines) at `indent` to `out`. */
function block(g, out, indent, vars, budget, depth = 0) {
	const pad = '    '.repeat(indent);
	let lines = 0;
	while (lines < budget) {
		const k = depth > 3 ? g.int(0, 5) : g.int(0, 15);
		switch (k) {
			case 0: case 1: case 2: {
				const name = g.name(g.int(1, 2));
				out.push(`${pad}${name} = ${expr(g, vars)}`);
				if (vars.length < 12) vars.push(name);
				lines++;
				break;
			}
			case 3: out.push(`${pad}${g.pick(vars.length ? vars : ['self'])}.${g.func()}(${args(g, vars, 1)})`); lines++; break;
			case 4: out.push(`${pad}${g.pick(vars.length ? vars : ['total'])} ${g.pick(['+=', '-=', '|=', '*='])} ${expr(g, vars, 2)}`); lines++; break;
			case 5: out.push(`${pad}logger.${g.pick(['debug', 'info', 'warning'])}("${g.pick(VERBS)} %s %s", ${expr(g, vars, 2)}, ${expr(g, vars, 2)})`); lines++; break;
			case 6: case 7: {
				out.push(`${pad}if ${cond(g, vars)}:`);
				lines += 1 + block(g, out, indent + 1, vars.slice(), g.int(1, 4), depth + 1);
				if (g.chance(0.3)) {
					out.push(`${pad}elif ${cond(g, vars)}:`);
					lines += 1 + block(g, out, indent + 1, vars.slice(), g.int(1, 3), depth + 1);
				}
				if (g.chance(0.4)) {
					out.push(`${pad}else:`);
					lines += 1 + block(g, out, indent + 1, vars.slice(), g.int(1, 3), depth + 1);
				}
				break;
			}
			case 8: {
				const it = g.word();
				out.push(`${pad}for ${it}${g.chance(0.3) ? `, ${g.word()}_value` : ''} in ${g.chance(0.5) ? `enumerate(${expr(g, vars, 2)})` : expr(g, vars, 2)}:`);
				lines += 1 + block(g, out, indent + 1, [...vars, it], g.int(1, 5), depth + 1);
				break;
			}
			case 9: {
				out.push(`${pad}try:`);
				lines += 1 + block(g, out, indent + 1, vars.slice(), g.int(1, 4), depth + 1);
				out.push(`${pad}except (${g.pick(EXC)}, ${g.pick(EXC)}) as exc:`);
				out.push(`${pad}    logger.exception("failed to ${g.pick(VERBS)} ${g.word()}: %s", exc)`);
				out.push(`${pad}    raise ${g.pick(EXC)}(${g.str()}) from exc`);
				lines += 4;
				if (g.chance(0.3)) {
					out.push(`${pad}finally:`);
					lines += 1 + block(g, out, indent + 1, vars.slice(), 1, depth + 1);
				}
				break;
			}
			case 10: {
				out.push(`${pad}with ${g.pick(['open', 'self._lock', 'contextlib.suppress', 'self.session'])}(${expr(g, vars, 2)}) as ${g.word()}_handle:`);
				lines += 1 + block(g, out, indent + 1, vars.slice(), g.int(1, 3), depth + 1);
				break;
			}
			case 11: {
				const w = g.word();
				out.push(`${pad}while ${cond(g, vars)}:`);
				lines += 1 + block(g, out, indent + 1, [...vars, w], g.int(1, 3), depth + 1);
				out.push(`${pad}    break`);
				lines++;
				break;
			}
			case 12: {
				const name = `${g.word()}_map`;
				out.push(`${pad}${name} = {`);
				const n = g.int(2, 8);
				for (let i = 0; i < n; i++) out.push(`${pad}    ${g.str()}: ${expr(g, vars, 2)},`);
				out.push(`${pad}}`);
				vars.push(name);
				lines += n + 2;
				break;
			}
			case 13: out.push(`${pad}assert ${cond(g, vars)}, ${g.str()}`); lines++; break;
			case 14: out.push(`${pad}${g.name(1)}_items = sorted(${expr(g, vars, 2)}, key=lambda item: (item.${g.word()}, -item.${g.word()}))`); lines++; break;
			default: out.push(`${pad}yield from ${g.func()}(${args(g, vars, 2)})`.replace('yield from', g.chance(0.5) ? 'return' : 'yield')); lines++; break;
		}
	}
	return lines;
}

function params(g, withSelf) {
	const ps = withSelf ? ['self'] : [];
	const n = g.int(0, 4);
	const names = [];
	let defaults = false;
	for (let i = 0; i < n; i++) {
		const p = g.name(g.int(1, 2));
		if (names.includes(p)) continue;
		names.push(p);
		const ann = g.chance(0.6) ? `: ${g.pick(['int', 'str', 'float', 'bool', 'Optional[str]', 'List[int]', 'Dict[str, Any]', 'Sequence[float]'])}` : '';
		defaults = defaults || g.chance(0.3);
		const def = defaults ? ` = ${g.pick(['None', '0', '""', 'True', '1.0'])}` : '';
		ps.push(`${p}${ann}${def}`);
	}
	if (g.chance(0.15)) ps.push('**kwargs');
	return { text: ps.join(', '), names };
}

function functionDef(g, out, indent, budget, withSelf = false) {
	const pad = '    '.repeat(indent);
	if (g.chance(0.2)) out.push(`${pad}@${g.pick(['lru_cache(maxsize=128)', 'staticmethod', 'functools.wraps(func)', 'property', 'contextmanager'])}`.replace('staticmethod', withSelf ? 'property' : 'staticmethod'));
	const p = params(g, withSelf);
	const asyncKw = g.chance(0.15) ? 'async ' : '';
	out.push(`${pad}${asyncKw}def ${g.func()}(${p.text}) -> ${g.pick(['None', 'int', 'str', 'bool', 'Dict[str, Any]', 'List[str]', 'Optional[float]'])}:`);
	if (g.chance(0.5)) out.push(`${pad}    """${g.pick(VERBS)[0].toUpperCase()}${g.pick(VERBS).slice(1)} the ${g.word()} ${g.word()} and return the ${g.word()}."""`);
	block(g, out, indent + 1, withSelf ? ['self', ...p.names] : p.names.slice(), budget);
	if (g.chance(0.6)) out.push(`${pad}    return ${expr(g, p.names, 1)}`);
	out.push('');
}

function classDef(g, out, budget) {
	const name = g.cls();
	const dataclass = g.chance(0.25);
	if (dataclass) out.push('@dataclass');
	out.push(`class ${name}${g.chance(0.6) ? `(${g.pick(['object', 'BaseModel', 'Enum', 'Exception', g.cls(), 'Generic[T]'])})` : ''}:`);
	out.push(`    """${name} keeps the ${g.word()} and ${g.word()} state for one ${g.word()}."""`);
	out.push('');
	const nattr = g.int(1, 6);
	for (let i = 0; i < nattr; i++) out.push(`    ${g.name(g.int(1, 2))}: ${g.pick(['int', 'str', 'float', 'Optional[str]', 'List[int]'])} = ${g.pick(['0', 'None', '""', 'field(default_factory=list)', '1.5'])}`);
	out.push('');
	if (!dataclass) {
		const p = params(g, true);
		out.push(`    def __init__(${p.text}) -> None:`);
		for (const n of p.names) out.push(`        self.${n} = ${n}`);
		out.push(`        self._${g.word()} = ${expr(g, p.names, 2)}`);
		out.push('');
	}
	let used = 0;
	while (used < budget) {
		const b = g.int(4, 40);
		functionDef(g, out, 1, b, true);
		used += b + 3;
	}
}

function bigLiteral(g, out) {
	const name = `${g.word().toUpperCase()}_${g.word().toUpperCase()}_TABLE`;
	switch (g.int(0, 2)) {
		case 0: {
			out.push(`${name} = {`);
			const n = g.int(50, 800);
			for (let i = 0; i < n; i++) out.push(`    ${g.str()}: (${g.num()}, ${g.num()}, ${g.str()}, ${g.chance(0.5) ? 'True' : 'None'}),`);
			out.push('}');
			break;
		}
		case 1: {
			// sympy-style dense numeric rows
			out.push(`${name} = [`);
			const n = g.int(40, 600);
			for (let i = 0; i < n; i++) {
				const row = [];
				const m = g.int(6, 14);
				for (let j = 0; j < m; j++) row.push(g.chance(0.2) ? `-${g.num()}` : g.num());
				out.push(`    [${row.join(', ')}],`);
			}
			out.push(']');
			break;
		}
		default: {
			out.push(`${name} = """`);
			const n = g.int(20, 300);
			for (let i = 0; i < n; i++) out.push(`${g.word()} ${g.word()} ${g.num()} ${g.word()}: ${g.str()}`);
			out.push('"""');
		}
	}
	out.push('');
}

function testsBlock(g, out, budget) {
	let used = 0;
	while (used < budget) {
		const fn = g.func();
		if (g.chance(0.3)) {
			out.push(`@pytest.mark.parametrize("${g.word()}, expected", [`);
			const n = g.int(2, 12);
			for (let i = 0; i < n; i++) out.push(`    (${g.num()}, ${g.num()}),`);
			out.push('])');
			used += n + 2;
		}
		out.push(`def test_${fn}_${g.word()}(${g.chance(0.4) ? 'tmp_path, monkeypatch' : ''}):`);
		const n = g.int(3, 25);
		const vars = ['tmp_path'];
		for (let i = 0; i < n; i++) {
			if (g.chance(0.5)) {
				const v = g.name(1);
				out.push(`    ${v} = ${expr(g, vars, 1)}`);
				vars.push(v);
			} else {
				out.push(`    assert ${g.func()}(${args(g, vars, 2)}) == ${expr(g, vars, 2)}`);
			}
		}
		if (g.chance(0.3)) {
			out.push(`    with pytest.raises(${g.pick(EXC)}):`);
			out.push(`        ${g.func()}(${g.str()})`);
		}
		out.push('');
		used += n + 3;
	}
}

function header(g, out, isTest) {
	out.push(`"""${g.cls()}: ${g.pick(VERBS)} ${g.word()} ${g.word()} for the ${g.word()} service.`);
	out.push('');
	const n = g.int(0, 6);
	for (let i = 0; i < n; i++) out.push(`The ${g.word()} ${g.word()} is ${g.pick(VERBS)}ed before the ${g.word()} ${g.word()}.`);
	out.push('"""');
	if (g.chance(0.5)) out.push('from __future__ import annotations');
	out.push('');
	const imports = new Set();
	const k = g.int(3, 12);
	for (let i = 0; i < k; i++) imports.add(g.pick(STD_IMPORTS));
	for (let i = g.int(0, 3); i > 0; i--) imports.add(g.pick(THIRD_PARTY));
	if (isTest) imports.add('import pytest');
	out.push(...[...imports].sort());
	out.push('');
	out.push('logger = logging.getLogger(__name__)');
	out.push(`T = TypeVar("T")`);
	out.push(`DEFAULT_${g.word().toUpperCase()} = ${g.num()}`);
	out.push('');
}

/** Fills `out` with ordinary blocks until it is about `targetBytes` long. */
function fill(g, out, targetBytes, isTest) {
	let size = out.reduce((s, l) => s + l.length + 1, 0);
	while (size < targetBytes) {
		const before = out.length;
		const k = g.f();
		// Blocks no bigger than what is left (about 40 bytes a line), so file sizes follow the target.
		const left = Math.max(5, Math.round((targetBytes - size) / 40));
		if (left < 40) {
			functionDef(g, out, 0, g.int(3, left));
		} else if (isTest) {
			if (k < 0.8) testsBlock(g, out, g.int(20, Math.min(150, left)));
			else if (k < 0.9) bigLiteral(g, out);
			else functionDef(g, out, 0, g.int(10, 60));
		} else if (k < 0.4) {
			classDef(g, out, g.int(30, Math.min(300, left)));
		} else if (k < 0.75) {
			functionDef(g, out, 0, g.int(40, Math.min(250, left)));
		} else if (k < 0.85) {
			bigLiteral(g, out);
		} else {
			functionDef(g, out, 0, g.int(5, 30));
		}
		for (let i = before; i < out.length; i++) size += out[i].length + 1;
	}
}

// ---------------------------------------------------------------------------------------------
// The MCP parts: the ways the rules cover (auth imports, FastMCP auth wiring, ctx.client_id,
// resources calls on a ClientSession).

function mcpAuthServer(g, out, name) {
	const verifier = `${g.cls()}TokenVerifier`;
	const server = name ?? g.pick(['mcp', 'server', 'app']);
	out.push(
		'from mcp.server.auth.provider import AccessToken, TokenVerifier',
		'from mcp.server.auth.settings import AuthSettings',
		'from mcp.server.fastmcp import Context, FastMCP',
		'',
		`class ${verifier}(TokenVerifier):`,
		'    """Validates bearer tokens against the introspection endpoint."""',
		'',
		'    def __init__(self, endpoint: str) -> None:',
		'        self.endpoint = endpoint',
		'',
		'    async def verify_token(self, token: str) -> AccessToken | None:',
		'        async with httpx.AsyncClient(timeout=10.0) as client:',
		'            response = await client.post(self.endpoint, data={"token": token})',
		'        if response.status_code != 200:',
		'            return None',
		'        data = response.json()',
		'        return AccessToken(token=token, client_id=data.get("client_id", "unknown"), scopes=data.get("scope", "").split())',
		'',
		'',
		`${server} = FastMCP(`,
		`    "${g.word()}-${g.word()}",`,
		`    token_verifier=${verifier}("https://auth.example.com/introspect"),`,
		'    auth=AuthSettings(',
		'        issuer_url="https://auth.example.com",',
		`        resource_server_url="http://localhost:${g.int(3000, 9000)}/mcp",`,
		`        required_scopes=["${g.word()}:read"],`,
		'    ),',
		'    host="0.0.0.0",',
		`    port=${g.int(3000, 9000)},`,
		')',
		'',
	);
	const tools = g.int(1, 4);
	for (let i = 0; i < tools; i++) {
		out.push(
			`@${server}.tool()`,
			`async def ${g.func()}(${g.word()}: str, ctx: Context) -> str:`,
			`    await ctx.info(f"requested by {ctx.client_id}")`,
			`    return f"{ctx.client_id}: ${g.word()}"`,
			'',
		);
	}
}

function mcpClientResources(g, out) {
	out.push(
		'from mcp import ClientSession, StdioServerParameters',
		'from mcp.client.stdio import stdio_client',
		'',
		'',
		`async def ${g.func()}(command: str) -> list:`,
		'    params = StdioServerParameters(command=command, args=[])',
		'    found = []',
		'    async with stdio_client(params) as (read, write):',
		'        async with ClientSession(read, write) as session:',
		'            await session.initialize()',
		'            cursor = None',
		'            while True:',
		'                page = await session.list_resources(cursor=cursor)',
		'                found.extend(page.resources)',
		'                cursor = page.nextCursor',
		'                if cursor is None:',
		'                    break',
		'            for resource in found:',
		'                contents = await session.read_resource(resource.uri)',
		'                logger.info("read %s: %d parts", resource.uri, len(contents.contents))',
		'            templates = await session.list_resource_templates(cursor=None)',
		'    return found',
		'',
	);
}

function mcpClientAuth(g, out) {
	const storage = `${g.cls()}Storage`;
	out.push(
		'from mcp.client.auth import OAuthClientProvider, TokenStorage',
		'from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken',
		'import mcp.server.auth.provider as provider_module',
		'from mcp.server import auth',
		'from mcp.server.auth.middleware.auth_context import get_access_token',
		'',
		'',
		`class ${storage}(TokenStorage):`,
		'    def __init__(self) -> None:',
		'        self.tokens: OAuthToken | None = None',
		'        self.client_info: OAuthClientInformationFull | None = None',
		'',
		'    async def get_tokens(self) -> OAuthToken | None:',
		'        return self.tokens',
		'',
		'    async def set_tokens(self, tokens: OAuthToken) -> None:',
		'        self.tokens = tokens',
		'',
		'',
		`def ${g.func()}(server_url: str) -> OAuthClientProvider:`,
		'    return OAuthClientProvider(',
		'        server_url=server_url,',
		`        client_metadata=OAuthClientMetadata(client_name="${g.word()}", redirect_uris=["http://localhost:3030/callback"]),`,
		`        storage=${storage}(),`,
		'    )',
		'',
		'',
		`def ${g.func()}() -> str | None:`,
		'    token = get_access_token()',
		'    return token.client_id if token else None',
		'',
		`VERIFIER_TYPE = provider_module.TokenVerifier`,
		'',
	);
}

const MCP_PARTS = [mcpAuthServer, mcpClientResources, mcpClientAuth];

// The ways real MCP repositories use the SDK without touching the surface the rules report on
// (checked: none of these produces a finding). They still import mcp, so they are parsed.

function mcpLowLevelServer(g, out) {
	const server = g.pick(['server', 'app']);
	out.push(
		'from mcp import types',
		'from mcp.server.lowlevel import Server',
		'from mcp.server.stdio import stdio_server',
		'',
		`${server} = Server("${g.word()}-${g.word()}")`,
		'',
		'',
		`@${server}.list_tools()`,
		'async def list_tools() -> list[types.Tool]:',
		'    return [',
	);
	const tools = g.int(1, 4);
	const names = [];
	for (let i = 0; i < tools; i++) {
		const name = g.func();
		names.push(name);
		out.push(`        types.Tool(name="${name}", description="${g.pick(VERBS)} the ${g.word()}", inputSchema={"type": "object", "properties": {"${g.word()}": {"type": "string"}}}),`);
	}
	out.push(
		'    ]',
		'',
		'',
		`@${server}.call_tool()`,
		'async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:',
	);
	for (const name of names) {
		out.push(`    if name == "${name}":`, `        return [types.TextContent(type="text", text=str(arguments.get("${g.word()}")))]`);
	}
	out.push(
		'    raise ValueError(f"unknown tool {name}")',
		'',
		'',
		'async def serve() -> None:',
		'    async with stdio_server() as (read_stream, write_stream):',
		`        await ${server}.run(read_stream, write_stream, ${server}.create_initialization_options())`,
		'',
	);
}

function mcpToolClient(g, out) {
	out.push(
		'from mcp import ClientSession, StdioServerParameters',
		'from mcp.client.stdio import stdio_client',
		'',
		'',
		`async def ${g.func()}(command: str, ${g.word()}: str) -> str:`,
		'    params = StdioServerParameters(command=command, args=[])',
		'    async with stdio_client(params) as (read, write):',
		'        async with ClientSession(read, write) as session:',
		'            await session.initialize()',
		'            listed = await session.list_tools()',
		'            names = [tool.name for tool in listed.tools]',
		`            result = await session.call_tool(names[0], {"${g.word()}": ${g.word()}})`,
		'            return "".join(part.text for part in result.content if part.type == "text")',
		'',
	);
}

function mcpTypesModule(g, out) {
	const alias = g.pick(['types', 'mt']);
	out.push(alias === 'types' ? 'from mcp import types' : 'import mcp.types as mt', '');
	const n = g.int(2, 6);
	for (let i = 0; i < n; i++) {
		const fn = g.func();
		out.push(
			`def ${fn}(${g.word()}: str) -> ${alias}.TextContent:`,
			`    return ${alias}.TextContent(type="text", text=${g.str()})`,
			'',
		);
	}
	out.push(`TOOL = ${alias}.Tool(name="${g.word()}", description=${g.str()}, inputSchema={})`, '');
}

function mcpTests(g, out) {
	out.push(
		'import pytest',
		'from mcp.shared.memory import create_connected_server_and_client_session',
		'from mcp.server.lowlevel import Server',
		'from mcp import types',
		'',
		'',
	);
	const n = g.int(1, 4);
	for (let i = 0; i < n; i++) {
		out.push(
			'@pytest.mark.anyio',
			`async def test_${g.func()}():`,
			`    server = Server("${g.word()}")`,
			'    async with create_connected_server_and_client_session(server) as client:',
			`        result = await client.call_tool("${g.word()}", {"${g.word()}": ${g.num()}})`,
			'        assert isinstance(result.content[0], types.TextContent)',
			'',
		);
	}
}

/** Names mcp without importing it (config keys, docs, identifiers): the gate's case. */
function mcpNameOnly(g, out) {
	switch (g.int(0, 2)) {
		case 0: out.push(`MCP_SERVER_URL = "http://localhost:${g.int(3000, 9000)}/mcp"`, `${g.word()}_mcp_enabled = True`, ''); break;
		case 1: out.push(`# exposed to agents over mcp by the ${g.word()} gateway`, ''); break;
		default: out.push(`def ${g.func()}_mcp_config(${g.word()}: str) -> dict:`, `    return {"mcpServers": {${g.str()}: {"command": ${g.word()}}}}`, '');
	}
}

const MENTION_PARTS = [mcpLowLevelServer, mcpToolClient, mcpTypesModule, mcpTests];

/** FastMCP servers without auth: real repositories have many; the rules report the V2 rename. */
function mcpFastServer(g, out) {
	const server = g.pick(['mcp', 'server', 'app']);
	out.push('from mcp.server.fastmcp import FastMCP', '', `${server} = FastMCP("${g.word()}")`, '');
	const n = g.int(1, 5);
	for (let i = 0; i < n; i++) {
		out.push(`@${server}.tool()`, `def ${g.func()}(${g.word()}: str) -> str:`, `    return ${g.str()}`, '');
	}
}

/** Worst case: a file that mentions mcp without using the auth surface (still parsed and analysed). */
function mcpMention(g, out) {
	switch (g.int(0, 3)) {
		case 0: out.push('from mcp import types', '', `TOOL = types.Tool(name="${g.word()}", inputSchema={})`, ''); break;
		case 1: out.push('import mcp.types as mt', '', `CONTENT = mt.TextContent(type="text", text="${g.word()}")`, ''); break;
		case 2: out.push('from mcp.server.lowlevel import Server', '', `server = Server("${g.word()}")`, ''); break;
		default: out.push(`# exposed to agents over mcp by the ${g.word()} gateway`, '');
	}
}

// ---------------------------------------------------------------------------------------------
// Files and corpora

/**
 * One file's text. `mcp`: uses the auth / resources surface; `mention`: the worst case's one-line
 * mention; `use`: a realistic non-auth use of the SDK ('sdk') or a bare mention of the name ('name').
 */
export function generateFile(seed, index, { mcp, mention, use, targetBytes }) {
	const g = new Gen(hashSeed(seed, index));
	const isTest = !mcp && g.chance(0.25);
	const out = [];
	header(g, out, isTest);
	if (mcp) {
		out.push('import httpx');
		const parts = use === 'real' ? [...MCP_PARTS, mcpFastServer] : MCP_PARTS;
		const first = g.int(0, parts.length - 1);
		parts[first](g, out);
		if (g.chance(0.4)) parts[(first + 1) % parts.length](g, out);
	} else if (use === 'sdk') {
		const first = isTest ? 3 : g.int(0, MENTION_PARTS.length - 2);
		MENTION_PARTS[first](g, out);
		if (g.chance(0.3)) MENTION_PARTS[(first + 1) % MENTION_PARTS.length](g, out);
	} else if (use === 'name') {
		mcpNameOnly(g, out);
	} else if (mention) {
		mcpMention(g, out);
	}
	fill(g, out, targetBytes, isTest);
	let text = out.join('\n') + '\n';
	if (!mcp && !mention && !use && text.includes('mcp')) {
		throw new Error(`generator bug: file ${index} mentions mcp`);
	}
	return { text, isTest };
}

/**
 * The keystroke file: `lines` lines (default 4,000, like the real 3,156- and 3,256-line files the
 * issue measured) that use the auth, resources and FastMCP APIs all through the file, so it carries
 * 100+ findings and every edit lands in a file the analysis really runs on.
 */
export function generateLongFile(seed, lines = 4000) {
	const g = new Gen(hashSeed(seed, 'long'));
	const out = [];
	header(g, out, false);
	out.push('import httpx');
	mcpAuthServer(g, out, 'mcp');
	mcpClientAuth(g, out);
	let k = 0;
	while (out.length < lines - 80) {
		// Every ~100 lines, another tool reading ctx.client_id or a client walking resources.
		if (k % 2 === 0) {
			out.push(
				'@mcp.tool()',
				`async def ${g.func()}_${k}(${g.word()}: str, ctx: Context) -> str:`,
				`    await ctx.info(f"${g.word()} for {ctx.client_id}")`,
				`    return f"{ctx.client_id}: ${g.word()}"`,
				'',
			);
		} else {
			mcpClientResources(g, out);
		}
		k++;
		if (g.chance(0.5)) classDef(g, out, g.int(30, 90));
		else functionDef(g, out, 0, g.int(20, 80));
	}
	mcpClientAuth(g, out);
	while (out.length < lines) out.push(`${g.name(2)} = ${expr(g, [], 1)}`);
	out.length = lines;
	return out.join('\n') + '\n';
}

function sizeFor(g, mean = 16_500) {
	// Lognormal, long tail; capped well under the engine's 2 MiB maxFileSize. The sparse profile's
	// mean is ~20 KB; the real profile's are measured ones (see REAL).
	return Math.min(600_000, Math.max(400, Math.round(g.lognormal(mean, 0.95))));
}

/**
 * The real profile's shares, from 22 public MCP repositories (6,963 .py files, 83 MB, mean 11.9 KB):
 * 52% of the files contain "mcp" and hold 62% of the bytes; 8% of the files use the surface the
 * rules report on. Of the files that contain "mcp" without using that surface, a few only name it.
 */
export const REAL = { mentionShare: 0.52, useShare: 0.08, nameOnlyShare: 0.1, meanMentionBytes: 11_500, meanOtherBytes: 6_600 };

export function corpusKey(params) {
	const { seed, files, mcpShare, mention, profile = 'sparse' } = params;
	return `${profile === 'real' ? 'real-' : ''}s${seed}-n${files}-p${mcpShare}${mention ? '-all' : ''}-${GENERATOR_HASH}`;
}

/** What file i of a real-profile corpus is: 'auth' (uses the reported surface), 'sdk', 'name' or 'none'. */
function realKind(order, i, files) {
	const rank = order[i];
	const auth = Math.round(files * REAL.useShare);
	const mention = Math.round(files * REAL.mentionShare);
	const nameOnly = Math.round((mention - auth) * REAL.nameOnlyShare);
	if (rank < auth) return 'auth';
	if (rank < auth + nameOnly) return 'name';
	if (rank < mention) return 'sdk';
	return 'none';
}

/**
 * Generates (or reuses) the corpus for these parameters; returns its manifest:
 * { dir, files: [{ rel, bytes, mcp }], totalBytes, mcpFiles, key }.
 */
export function ensureCorpus(params, log = () => {}) {
	const key = corpusKey(params);
	const dir = path.join(CORPUS_ROOT, key);
	const manifestPath = path.join(dir, 'manifest.json');
	if (fs.existsSync(manifestPath)) {
		const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		m.cached = true;
		return { ...m, dir };
	}
	fs.rmSync(dir, { recursive: true, force: true });
	const t0 = performance.now();
	const { seed, files, mcpShare, mention, profile = 'sparse' } = params;
	const real = profile === 'real';
	const pick = new Gen(hashSeed(seed, 'layout', files, real ? 'real' : mcpShare));
	// Exactly round(files * share) files of each kind, spread deterministically.
	const mcpCount = Math.round(files * (real ? REAL.useShare : mcpShare));
	const order = Array.from({ length: files }, (_, i) => i);
	for (let i = files - 1; i > 0; i--) {
		const j = Math.floor(pick.f() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	const rankOf = new Array(files);
	order.forEach((file, rank) => { rankOf[file] = rank; });
	const mcpSet = new Set(order.slice(0, mcpCount));
	const list = [];
	let totalBytes = 0;
	let mentionFiles = 0;
	for (let i = 0; i < files; i++) {
		const g = new Gen(hashSeed(seed, 'size', i));
		const kind = real ? realKind(rankOf, i, files) : mcpSet.has(i) ? 'auth' : 'none';
		const mcp = kind === 'auth';
		const use = real ? (kind === 'sdk' || kind === 'name' ? kind : mcp ? 'real' : undefined) : undefined;
		const mean = real ? (kind === 'none' ? REAL.meanOtherBytes : REAL.meanMentionBytes) : undefined;
		const { text, isTest } = generateFile(seed, i, { mcp, mention, use, targetBytes: sizeFor(g, mean) });
		if (text.includes('mcp')) mentionFiles++;
		const pkg = `pkg_${String(i % 40).padStart(2, '0')}`;
		const sub = `${WORDS[(i * 7) % WORDS.length]}`;
		const base = isTest ? `test_${WORDS[i % WORDS.length]}_${i}.py` : `${WORDS[(i * 13) % WORDS.length]}_${i}.py`;
		const rel = isTest ? path.join(pkg, 'tests', base) : path.join(pkg, sub, base);
		const abs = path.join(dir, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		const buf = Buffer.from(text, 'utf8');
		fs.writeFileSync(abs, buf);
		list.push({ rel, bytes: buf.length, mcp });
		totalBytes += buf.length;
	}
	const manifest = { key, params, files: list, totalBytes, mcpFiles: mcpCount, mentionFiles, generatedMs: Math.round(performance.now() - t0) };
	fs.writeFileSync(manifestPath, JSON.stringify(manifest));
	log(`corpus ${key}: ${files} files, ${(totalBytes / 1e6).toFixed(1)} MB generated in ${(manifest.generatedMs / 1000).toFixed(1)} s`);
	return { ...manifest, dir, cached: false };
}

/** Any folder: every .py file under it (skipping dot-folders and node_modules), sorted. */
export function folderCorpus(dir) {
	const list = [];
	let totalBytes = 0;
	const walk = (d) => {
		for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			if (ent.name.startsWith('.') || ent.name === 'node_modules' || ent.name === '__pycache__') continue;
			const abs = path.join(d, ent.name);
			if (ent.isDirectory()) walk(abs);
			else if (ent.isFile() && ent.name.endsWith('.py')) {
				const bytes = fs.statSync(abs).size;
				list.push({ rel: path.relative(dir, abs), bytes, mcp: undefined });
				totalBytes += bytes;
			}
		}
	};
	walk(dir);
	return { key: `folder:${dir}`, dir, files: list, totalBytes, mcpFiles: undefined, cached: true };
}
