import type { Node } from 'web-tree-sitter';
import type { KnowledgeEntry, Resolved } from '../knowledge';
import { hasSplatArguments, inAnnotation, keywordArguments, plainStringContent, positionalArguments, sameNode } from '../analysis/syntax';
import { importModuleCalls } from './authImports';
import type { RuleContext } from './context';
import { composeMessage, displayName, ruleForStatus, verdictPhrase } from './verdict';
import type { Fix } from '../analysis/model';
import { movedKeywordsFix, removeKeywordFix, renameKeywordFix } from '../fixes/calls';
import { importFixForBinding } from '../fixes/imports';
import { occurrences } from '../analysis/textSearch';

// Uses of catalogued symbols: every reference of a name bound by a relevant import (and of names
// that alias it), followed along its attribute chain to the longest catalogued name, reported with
// the rule its V2 status implies (MCP100/102/103) or the one the entry names (MCP104/105/106).
// Calls of catalogued callables get their parameter entries checked (moved keywords, renamed
// keywords, positional slots, post-2.0 watch entries); a constructor whose parameters belong to
// MCP104 also gets the one summary diagnostic that shows its V2 shape.

const MAX_CHAIN = 16;

interface ChainHit {
	resolved: Resolved;
	/** The expression the chain reached (identifier or attribute node). */
	expr: Node;
	/** The identifier to underline. */
	name: Node;
}

export function checkUses(ctx: RuleContext): void {
	const queue: string[] = [];
	for (const info of ctx.imports) {
		if (info.relative) {
			continue;
		}
		for (const name of info.names) {
			if (name.boundFqn && !isLocal(ctx, name.boundFqn) && ctx.knowledge.isRelevant(name.boundFqn)) {
				queue.push(name.localName);
			}
		}
	}
	queue.push(...importlibTargets(ctx));
	const done = new Set<string>();
	while (queue.length > 0) {
		const name = queue.pop()!;
		if (done.has(name)) {
			continue;
		}
		done.add(name);
		for (const ref of ctx.binder.references(name)) {
			const symbols = ctx.evaluator.valueOfName(name, ref.node).filter((v) => v.kind === 'symbol');
			if (symbols.length === 0) {
				continue;
			}
			for (const v of symbols) {
				if (v.kind === 'symbol') {
					const hit = longestChain(ctx, ref.node, v.fqn);
					if (hit) {
						reportHit(ctx, hit, 0);
					}
				}
			}
			const alias = aliasTarget(ref.node);
			if (alias && !done.has(alias)) {
				queue.push(alias);
			}
		}
		checkStringAnnotations(ctx, name);
	}
}

function isLocal(ctx: RuleContext, fqn: string): boolean {
	return ctx.localModules.has(fqn.split('.')[0]);
}

/** Walks `x.a.b` outward from `x` and keeps the longest prefix the knowledge has a verdict for. */
function longestChain(ctx: RuleContext, start: Node, fqn: string): ChainHit | undefined {
	let best: ChainHit | undefined;
	const first = ctx.knowledge.lookup(fqn);
	if (first) {
		best = { resolved: first, expr: start, name: start };
	}
	let cur = start;
	let path = fqn;
	// No catalogued name is more than a few attributes deep; the cap keeps a pathological
	// `x.a.a.a...` line (each parent lookup costs a walk from the root) from stalling the server.
	for (let p = cur.parent, links = 0; p && links < MAX_CHAIN && p.type === 'attribute' && sameNode(p.childForFieldName('object'), cur); p = cur.parent, links++) {
		const attr = p.childForFieldName('attribute');
		if (!attr) {
			break;
		}
		path = `${path}.${attr.text}`;
		cur = p;
		const found = ctx.knowledge.lookup(path);
		if (found) {
			best = { resolved: found, expr: p, name: attr };
		}
	}
	if (!best) {
		return undefined;
	}
	// A module reached only as a stepping stone to an uncatalogued attribute says nothing useful
	// unless the module itself is gone in V2.
	const kind = best.resolved.entry.kind;
	if (kind === 'module' && !best.resolved.derived && best.resolved.entry.status === 'unchanged' && !sameNode(best.expr, cur)) {
		return undefined;
	}
	if (kind === 'param') {
		return undefined;
	}
	return best;
}

function reportHit(ctx: RuleContext, hit: ChainHit, delta: number): void {
	const { entry } = hit.resolved;
	const code = entry.rule ?? ruleForStatus(entry.status, entry.quietUses);
	const subject = hit.expr.text.length <= 60 ? hit.expr.text.replace(/\s+/g, '') : hit.name.text;
	ctx.reporter.report({
		code,
		span: { start: hit.name.startIndex + delta, end: hit.name.endIndex + delta },
		message: composeMessage(subject, hit.resolved),
		symbol: hit.resolved.fqn,
		status: entry.status,
		noteId: entry.note,
		href: entry.href,
		fixes: code === 'MCP103' && delta === 0 ? importFixesFor(ctx, hit.expr) : undefined,
	});
	if (delta === 0) {
		const call = hit.expr.parent;
		if (call && call.type === 'call' && sameNode(call.childForFieldName('function'), hit.expr)) {
			checkCall(ctx, call, hit);
		}
	}
}

/** The import rewrite that repairs a use: the one covering the import binding the chain starts from. */
function importFixesFor(ctx: RuleContext, expr: Node): Fix[] | undefined {
	let start = expr;
	while (start.type === 'attribute' && start.childForFieldName('object')) {
		start = start.childForFieldName('object')!;
	}
	if (start.type !== 'identifier') {
		return undefined;
	}
	for (const b of ctx.binder.reaching(start.text, start)) {
		const found = b.site?.kind === 'import' ? importFixForBinding(ctx, b.node) : undefined;
		if (found) {
			return [found.fix];
		}
	}
	return undefined;
}

/** The rewrite for a keyword argument V2 moved, renamed or removed (fix data in the entry). */
function keywordFix(ctx: RuleContext, call: Node, kwArg: Node | undefined, kw: string, entry: KnowledgeEntry): Fix[] | undefined {
	if (!kwArg) {
		return undefined;
	}
	let fix: Fix | undefined;
	if (entry.rule === 'MCP104' && entry.status === 'moved') {
		const moved = movedKeywordsFix(ctx, call, movedKeywordArgs(ctx, call, entry));
		fix = moved?.moved.has(kw) ? moved.fix : undefined;
	} else if (entry.fix?.keyword) {
		fix = renameKeywordFix(call, kwArg, entry);
	} else if (entry.status === 'removed' && entry.fix) {
		fix = removeKeywordFix(ctx.text, kwArg, entry.fix.safety ?? 'review');
	}
	return fix ? [fix] : undefined;
}

/** The call's keyword arguments whose entries (siblings of `entry`) V2 moved off the constructor. */
function movedKeywordArgs(ctx: RuleContext, call: Node, entry: KnowledgeEntry): Map<string, Node> {
	const callable = entry.symbol.replace(/\([A-Za-z_]\w*=\)$/, '');
	const keywords = keywordArguments(call);
	const out = new Map<string, Node>();
	for (const e of ctx.knowledge.paramsOf(callable)) {
		const kw = /\(([A-Za-z_]\w*)=\)$/.exec(e.symbol)![1];
		const arg = keywords.get(kw);
		if (e.rule === 'MCP104' && e.status === 'moved' && arg) {
			out.set(kw, arg);
		}
	}
	return out;
}

/** Parameter entries of the called symbol, checked against the call's arguments. */
export function checkCall(ctx: RuleContext, call: Node, callee: ChainHit): void {
	const params = ctx.knowledge.paramsOf(callee.resolved.fqn);
	if (params.length === 0) {
		return;
	}
	const keywords = keywordArguments(call);
	const positional = positionalArguments(call);
	const splat = hasSplatArguments(call);
	const wiring: { auth: KnowledgeEntry[]; moved: KnowledgeEntry[] } = { auth: [], moved: [] };
	for (const entry of params) {
		const kw = /\(([A-Za-z_]\w*)=\)$/.exec(entry.symbol)![1];
		const kwArg = keywords.get(kw);
		const positionalArg = entry.position !== undefined ? positional[entry.position] : undefined;
		const passed = kwArg?.childForFieldName('name') ?? positionalArg;
		if (entry.status === 'watch') {
			if (!passed && !splat) {
				ctx.reporter.report({
					code: entry.rule ?? 'MCP106',
					span: { start: callee.name.startIndex, end: callee.name.endIndex },
					message: `\`${callee.name.text}(...)\` without \`${kw}=\` is ${verdictPhrase({ ...callee.resolved, entry })}: ${entry.message}`,
					symbol: entry.symbol,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
				});
			}
			continue;
		}
		if (!passed) {
			continue;
		}
		if (entry.rule === 'MCP104') {
			(entry.status === 'unchanged' ? wiring.auth : wiring.moved).push(entry);
		}
		const byPosition = !kwArg && !!positionalArg;
		if (entry.status === 'unchanged' && !byPosition) {
			continue;
		}
		const message = byPosition && entry.status === 'unchanged'
			? `\`${kw}\` is passed by position: V2 reordered \`${displayName(callee.resolved.fqn)}\`'s positional parameters, so pass it as \`${kw}=\`. ${entry.message}`
			: `\`${kw}=\` is ${verdictPhrase({ ...callee.resolved, entry, derived: false })}: ${entry.message}`;
		ctx.reporter.report({
			code: entry.rule ?? ruleForStatus(entry.status),
			span: { start: passed.startIndex, end: passed.endIndex },
			message,
			symbol: entry.symbol,
			status: entry.status,
			noteId: entry.note,
			href: entry.href,
			tags: entry.status === 'unchanged' ? [] : undefined,
			fixes: entry.status === 'unchanged' ? undefined : keywordFix(ctx, call, kwArg, kw, entry),
		});
	}
	if (wiring.auth.length > 0 || wiring.moved.length > 0) {
		reportV2Shape(ctx, call, callee, wiring, positional.length);
	}
}

/** MCP104's summary: what this constructor call looks like in V2. */
function reportV2Shape(ctx: RuleContext, call: Node, callee: ChainHit, wiring: { auth: KnowledgeEntry[]; moved: KnowledgeEntry[] }, positionalCount: number): void {
	const kw = (e: KnowledgeEntry) => /\(([A-Za-z_]\w*)=\)$/.exec(e.symbol)![1];
	const entry = callee.resolved.entry;
	const v2Name = entry.fix?.name ?? (entry.target ? displayName(entry.target) : displayName(callee.resolved.fqn));
	const server = assignedName(call) ?? 'server';
	const authArgs = wiring.auth.map((e) => `${kw(e)}=...`);
	const moved = wiring.moved.filter((e) => e.status === 'moved').map((e) => `${kw(e)}=`);
	const removed = wiring.moved.filter((e) => e.status === 'removed').map((e) => `${kw(e)}=`);
	const parts = [`in V2 write \`${v2Name}("name"${authArgs.length ? ', ' + authArgs.join(', ') : ''})\``];
	if (moved.length) {
		parts.push(`pass ${moved.map((m) => `\`${m}\``).join(', ')} to \`${server}.run(transport="streamable-http", ...)\` or \`${server}.streamable_http_app(...)\` / \`sse_app(...)\``);
	}
	if (removed.length) {
		parts.push(`drop ${removed.map((m) => `\`${m}\``).join(', ')} (mount the ASGI app instead)`);
	}
	if (positionalCount > 1) {
		parts.push('pass everything after the name by keyword (V2 inserted title, description and version into the positional order)');
	}
	const what = wiring.auth.length ? 'with auth wiring' : 'with transport keywords';
	ctx.reporter.report({
		code: 'MCP104',
		span: { start: callee.name.startIndex, end: callee.name.endIndex },
		message: `\`${callee.name.text}(...)\` ${what}: ${parts.join('; ')}.${wiring.auth.length ? ' The auth keywords themselves keep their names and meaning.' : ''}`,
		symbol: callee.resolved.fqn,
		status: entry.status,
		noteId: (wiring.moved[0] ?? wiring.auth[0]).note,
		href: (wiring.moved[0] ?? wiring.auth[0]).href,
		tags: [],
	});
}

function assignedName(call: Node): string | undefined {
	const p = call.parent;
	if (p && p.type === 'assignment' && sameNode(p.childForFieldName('right'), call)) {
		const left = p.childForFieldName('left');
		return left?.type === 'identifier' ? left.text : undefined;
	}
	return undefined;
}

/** `X = some.imported.Name` makes X an alias whose references matter too. */
function aliasTarget(ref: Node): string | undefined {
	let cur = ref;
	for (let links = 0; links < MAX_CHAIN && cur.parent && cur.parent.type === 'attribute' && sameNode(cur.parent.childForFieldName('object'), cur); links++) {
		cur = cur.parent;
	}
	const p = cur.parent;
	if (p && p.type === 'assignment' && sameNode(p.childForFieldName('right'), cur)) {
		const left = p.childForFieldName('left');
		return left?.type === 'identifier' ? left.text : undefined;
	}
	return undefined;
}

/** Names assigned from `importlib.import_module("...")`. */
function importlibTargets(ctx: RuleContext): string[] {
	const out: string[] = [];
	for (const call of importModuleCalls(ctx)) {
		const assignment = call.parent;
		const left = assignment?.type === 'assignment' && sameNode(assignment.childForFieldName('right'), call) ? assignment.childForFieldName('left') : null;
		if (left?.type === 'identifier') {
			out.push(left.text);
		}
	}
	return out;
}

/** `def f(v: "TokenVerifier")`: forward references inside annotation strings are uses too. */
function checkStringAnnotations(ctx: RuleContext, name: string): void {
	const { text, root } = ctx;
	for (const i of occurrences(text, name)) {
		const node = root.descendantForIndex(i, i + name.length);
		if (!node || node.type !== 'string_content') {
			continue;
		}
		const str = node.parent;
		if (!str || !sameNode(plainStringContent(str), node) || !inAnnotation(str)) {
			continue;
		}
		const offset = i - node.startIndex;
		ctx.fragments.withFragment(node.text, (fragRoot) => {
			const id = fragRoot.descendantForIndex(offset, offset + name.length);
			if (!id || id.type !== 'identifier' || id.startIndex !== offset) {
				return;
			}
			const parent = id.parent;
			if (parent && parent.type === 'attribute' && sameNode(parent.childForFieldName('attribute'), id)) {
				return;
			}
			for (const v of ctx.evaluator.valueOfName(name, str)) {
				if (v.kind === 'symbol') {
					const hit = longestChain(ctx, id, v.fqn);
					if (hit) {
						reportHit(ctx, hit, node.startIndex);
					}
				}
			}
		});
	}
}
