import type { Node } from 'web-tree-sitter';
import { hasSplatArguments, inAnnotation, keywordArguments, plainStringContent, positionalArguments, sameNode } from '../analysis/syntax';
import { occurrences } from '../analysis/textSearch';
import { inTypeForm } from '../analysis/values';
import type { Span } from '../analysis/model';
import type { KnowledgeEntry, Resolved } from '../knowledge';
import { isLocalName, type FileContext } from './context';
import { importModuleCalls } from './imports';

// Use facts: every reference of a name bound by a relevant import (and of names that alias it),
// followed along its attribute chain to the longest catalogued name; every member read on a
// receiver the evaluator types as a catalogued class (`ctx.client_id` where `ctx: Context`); and,
// for each such use that is called, the call with its arguments matched to the callee's parameter
// entries. No verdicts or codes: rules decide which uses and arguments are theirs.

const MAX_CHAIN = 16;

export interface UseFact {
	resolved: Resolved;
	/** What to underline: the identifier the chain ends on, in the file's offsets. */
	span: Span;
	/** How the use reads in a message (`auth.provider.TokenVerifier`, `ctx.client_id`). */
	subject: string;
	/** `import`: reached from an import binding; `member`: a member read on a typed instance. */
	via: 'import' | 'member';
	/**
	 * The expression the chain reached and the identifier underlined; absent for a use inside a
	 * string annotation (its fragment tree is gone once collected).
	 */
	expr?: Node;
	name?: Node;
}

/** One parameter entry of a called catalogued callable, with what the call passes for it. */
export interface ArgumentFact {
	entry: KnowledgeEntry;
	keyword: string;
	/** The `keyword=value` node, when passed by keyword. */
	kwArg?: Node;
	/** What to underline: the keyword's name, or the positional argument. Absent when not passed. */
	passed?: Node;
	byPosition: boolean;
}

export interface CallFact {
	call: Node;
	callee: UseFact & { expr: Node; name: Node };
	args: ArgumentFact[];
	positionalCount: number;
	/** `*args` / `**kwargs` present: a missing keyword may be passed through them. */
	splat: boolean;
}

export interface UseFacts {
	uses: UseFact[];
	calls: CallFact[];
}

export function collectUseFacts(ctx: FileContext): UseFacts {
	const out: UseFacts = { uses: [], calls: [] };
	const seenCalls = new Set<string>();
	const addUse = (use: UseFact) => {
		out.uses.push(use);
		const { expr, name } = use;
		const call = expr?.parent;
		if (expr && name && call && call.type === 'call' && sameNode(call.childForFieldName('function'), expr)) {
			const key = `${call.id}:${use.resolved.fqn}`;
			if (!seenCalls.has(key)) {
				seenCalls.add(key);
				const fact = callFact(ctx, call, { ...use, expr, name });
				if (fact) {
					out.calls.push(fact);
				}
			}
		}
	};
	collectImportUses(ctx, addUse);
	collectMemberUses(ctx, addUse);
	collectSuperInitCalls(ctx, (fact) => {
		const key = `${fact.call.id}:${fact.callee.resolved.fqn}`;
		if (!seenCalls.has(key)) {
			seenCalls.add(key);
			out.calls.push(fact);
		}
	});
	return out;
}

/**
 * `super().__init__(...)` in a method of a project subclass of an SDK class: a call of the SDK
 * class's constructor, its arguments matched to that class's parameter entries. The callee is not
 * a use of its own (the base class in the class header already is).
 */
function collectSuperInitCalls(ctx: FileContext, add: (call: CallFact) => void): void {
	for (const id of ctx.binder.identifiers('super')) {
		const superCall = id.parent;
		const attribute = superCall?.parent;
		const init = attribute?.childForFieldName('attribute');
		const call = attribute?.parent;
		if (superCall?.type !== 'call' || !sameNode(superCall.childForFieldName('function'), id) || attribute?.type !== 'attribute'
			|| init?.text !== '__init__' || call?.type !== 'call' || !sameNode(call.childForFieldName('function'), attribute)) {
			continue;
		}
		const cls = enclosingClass(call);
		for (const base of cls ? ctx.evaluator.constructorClasses(cls) : []) {
			const resolved = ctx.knowledge.lookup(base);
			const fact = resolved && callFact(ctx, call, { resolved, span: { start: init.startIndex, end: init.endIndex }, subject: 'super().__init__', via: 'member', expr: attribute, name: init });
			if (fact) {
				add(fact);
			}
		}
	}
}

/** The class whose method (not nested function) holds `node`. */
function enclosingClass(node: Node): Node | undefined {
	let fn: Node | null = node.parent;
	while (fn && fn.type !== 'function_definition' && fn.type !== 'class_definition' && fn.type !== 'lambda') {
		fn = fn.parent;
	}
	if (fn?.type !== 'function_definition') {
		return undefined;
	}
	const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
	const cls = holder?.type === 'block' ? holder.parent : null;
	return cls?.type === 'class_definition' ? cls : undefined;
}

function collectImportUses(ctx: FileContext, add: (use: UseFact) => void): void {
	const queue: string[] = [];
	for (const info of ctx.imports) {
		for (const name of info.names) {
			if (!info.relative && name.boundFqn && !isLocalName(ctx, name.boundFqn) && ctx.knowledge.isRelevant(name.boundFqn)) {
				queue.push(name.localName);
			} else if ((info.relative || isLocalName(ctx, name.boundFqn)) && reExportsSdk(ctx, name.localName, name.bindingNode)) {
				// `from myproject.auth import TokenVerifier` where the project re-exports the SDK's.
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
						add(inFileUse(hit, 'import'));
					}
				}
			}
			const alias = aliasTarget(ref.node);
			if (alias && !done.has(alias)) {
				queue.push(alias);
			}
		}
		stringAnnotationUses(ctx, name, add);
	}
}

/** True when the project index says an import of a project name binds an SDK name. */
function reExportsSdk(ctx: FileContext, localName: string, bindingNode: Node): boolean {
	const binding = ctx.binder.occurrences(localName).find((o) => o.node.id === bindingNode.id);
	return !!binding && ctx.evaluator.valueOfBinding(binding).some((v) => v.kind === 'symbol' && ctx.knowledge.isRelevant(v.fqn));
}

/** Members read on instances: `ctx.client_id` where `ctx: Context`, `mcp.settings` where `mcp = FastMCP(...)`. */
function collectMemberUses(ctx: FileContext, add: (use: UseFact) => void): void {
	const { root, knowledge } = ctx;
	for (const member of knowledge.memberNamesList()) {
		for (const id of ctx.binder.attributeNames(member, root)) {
			const attribute = id.parent!;
			const receiver = attribute.childForFieldName('object');
			if (!receiver) {
				continue;
			}
			const classes = [...new Set(ctx.evaluator.valueOfExpr(receiver).flatMap((v) => (v.kind === 'instance' ? [v.cls] : [])))];
			const found = classes.map((cls) => knowledge.member(cls, member));
			// A receiver typed as a union of SDK classes (`server: MCPServer | Server`) is one of them at
			// run time, and which one is decided by code we do not follow (an isinstance elsewhere): say
			// something only when every class gives the member the same entry.
			if (classes.length > 1 && !found.every((r) => r && r.entry === found[0]?.entry)) {
				continue;
			}
			for (const resolved of found.slice(0, 1)) {
				if (resolved) {
					add(inFileUse({ resolved, expr: attribute, name: id }, 'member'));
				}
			}
		}
	}
}

/** Walks `x.a.b` outward from `x` and keeps the longest prefix the knowledge has a verdict for. */
function longestChain(ctx: FileContext, start: Node, fqn: string): { resolved: Resolved; expr: Node; name: Node } | undefined {
	let best: { resolved: Resolved; expr: Node; name: Node } | undefined;
	const first = ctx.knowledge.lookup(fqn);
	if (first) {
		best = { resolved: first, expr: start, name: start };
	}
	let cur = start;
	let path = fqn;
	// No catalogued name is more than a few attributes deep; the cap keeps a pathological
	// `x.a.a.a...` line from stalling the server.
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

function inFileUse(hit: { resolved: Resolved; expr: Node; name: Node }, via: UseFact['via']): UseFact {
	return { ...hit, span: { start: hit.name.startIndex, end: hit.name.endIndex }, subject: subjectOf(hit.expr, hit.name), via };
}

/** The expression as written when short, else just the name. */
export function subjectOf(expr: Node, name: Node): string {
	return expr.text.length <= 60 ? expr.text.replace(/\s+/g, '') : name.text;
}

function callFact(ctx: FileContext, call: Node, callee: CallFact['callee']): CallFact | undefined {
	const params = ctx.knowledge.paramsOf(callee.resolved.fqn);
	if (params.length === 0) {
		return undefined;
	}
	const keywords = keywordArguments(call);
	const unpacked = unpackedKeywords(ctx, call);
	const positional = positionalArguments(call);
	const args: ArgumentFact[] = [];
	for (const entry of params) {
		const keyword = /\(([A-Za-z_]\w*)=\)$/.exec(entry.symbol)![1];
		const kwArg = keywords.get(keyword);
		const positionalArg = entry.position !== undefined ? positional[entry.position] : undefined;
		// A key of a literal dict unpacked with `**` is passed by keyword too; it has no
		// `keyword=value` node, so keyword rewrites leave it alone.
		const passed = kwArg?.childForFieldName('name') ?? positionalArg ?? unpacked.get(keyword);
		args.push({ entry, keyword, kwArg, passed, byPosition: !kwArg && !!positionalArg });
	}
	return { call, callee, args, positionalCount: positional.length, splat: hasSplatArguments(call) };
}

/**
 * The string keys of literal dicts unpacked into a call: `f(**{"auth": a})`, `f(**dict(auth=a))`,
 * or `f(**kwargs)` where the one binding of `kwargs` that reaches the call is such a literal.
 * Maps each key to the node to underline (the key string, or the keyword's name).
 */
export function unpackedKeywords(ctx: FileContext, call: Node): Map<string, Node> {
	const out = new Map<string, Node>();
	for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
		if (a?.type !== 'dictionary_splat') {
			continue;
		}
		let value = a.namedChild(0);
		if (value?.type === 'identifier') {
			const reaching = ctx.binder.reaching(value.text, value);
			const owner = reaching.length === 1 && (reaching[0].site?.kind === 'assign' || reaching[0].site?.kind === 'annotated') ? reaching[0].site.owner : null;
			value = owner && sameNode(owner.childForFieldName('left'), reaching[0].node) ? owner.childForFieldName('right') : null;
		}
		if (value?.type === 'dictionary') {
			for (const pair of value.namedChildren) {
				const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
				const content = key?.type === 'string' ? plainStringContent(key) : undefined;
				if (key && content && !out.has(content.text)) {
					out.set(content.text, key);
				}
			}
		} else if (value?.type === 'call' && value.childForFieldName('function')?.text === 'dict') {
			for (const [name, kw] of keywordArguments(value)) {
				const node = kw.childForFieldName('name');
				if (node && !out.has(name)) {
					out.set(name, node);
				}
			}
		}
	}
	return out;
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
function importlibTargets(ctx: FileContext): string[] {
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
function stringAnnotationUses(ctx: FileContext, name: string, add: (use: UseFact) => void): void {
	const { text, root } = ctx;
	for (const i of occurrences(text, name)) {
		const node = root.descendantForIndex(i, i + name.length);
		if (!node || node.type !== 'string_content') {
			continue;
		}
		const str = node.parent;
		if (!str || !sameNode(plainStringContent(str), node) || !(inAnnotation(str) || inTypeForm(str))) {
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
						// The fragment tree is freed after this callback: keep offsets and text only.
						const delta = node.startIndex;
						add({ resolved: hit.resolved, span: { start: hit.name.startIndex + delta, end: hit.name.endIndex + delta }, subject: subjectOf(hit.expr, hit.name), via: 'import' });
					}
				}
			}
		});
	}
}
