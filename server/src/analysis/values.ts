import type { Node } from 'web-tree-sitter';
import type { Binder, Occurrence } from './binder';
import { describeImport } from './imports';
import { plainStringContent, unwrapExpression } from './syntax';

// What an expression stands for, as far as the rules care: a catalogued module/class/function
// reached through imports ("symbol"), or an instance of a catalogued class ("instance"). This is
// intra-file data flow without a type checker: assignments, `with ... as`, annotations of
// parameters and variables, method return types taken from the knowledge data.

export type Value =
	| { kind: 'symbol'; fqn: string }
	| { kind: 'instance'; cls: string }
	/** A list/iterable whose elements are instances of `cls` (`agent.mcp_servers`, `result.contents`). */
	| { kind: 'sequence'; cls: string };

/** Context-manager helpers whose result is what the argument's __aenter__/__enter__ returns. */
const ENTER_CONTEXT = new Set(['enter_async_context', 'enter_context']);
/** Annotation heads that mean "a collection of the argument type". */
const COLLECTION_TYPES = new Set(['list', 'List', 'Sequence', 'MutableSequence', 'Iterable', 'Iterator', 'AsyncIterator', 'Collection', 'set', 'Set', 'frozenset', 'FrozenSet', 'tuple', 'Tuple']);

/**
 * The three lookups data flow needs from the V2 knowledge, as an interface so this layer knows no
 * knowledge format, verdict or rule (server/src/knowledge/oracle.ts implements it).
 */
export interface SymbolOracle {
	/** A catalogued name (not one derived from a covering module): its canonical FQN, whether calling it makes an instance, what it returns. */
	resolve(fqn: string): { fqn: string; isClass: boolean; returns?: string } | undefined;
	/** A catalogued member of a class: its canonical FQN, whether it is data (property/attribute), its type. */
	member(classFqn: string, name: string): { fqn: string; isData: boolean; returns?: string } | undefined;
	/** The canonical spelling of a FQN (aliases resolved). */
	canonical(fqn: string): string;
}

export interface FragmentParser {
	/** Parses a string annotation's text; the callback gets the fragment root, the tree is freed after. */
	withFragment<T>(text: string, fn: (root: Node) => T): T | undefined;
}

const MAX_DEPTH = 40;
const MAX_EXPR_DEPTH = 32;

export class Evaluator {
	private readonly nameMemo = new Map<string, Value[]>();
	private readonly bindingMemo = new Map<number, Value[]>();
	private readonly inProgress = new Set<number>();
	private readonly selfAttrMemo = new Map<string, Value[]>();
	private depth = 0;
	private exprDepth = 0;

	constructor(
		private readonly binder: Binder,
		private readonly oracle: SymbolOracle,
		private readonly localModules: ReadonlySet<string>,
		private readonly fragments: FragmentParser,
	) {}

	/** Values a name can have at `at` (a reference node, or a node standing in for one). */
	valueOfName(name: string, at: Node, pos = at.startIndex): Value[] {
		const key = `${name}@${at.id}:${pos}`;
		const memo = this.nameMemo.get(key);
		if (memo) {
			return memo;
		}
		const out: Value[] = [];
		for (const b of this.binder.reaching(name, at, pos)) {
			for (const v of this.valueOfBinding(b)) {
				pushUnique(out, v);
			}
		}
		this.nameMemo.set(key, out);
		return out;
	}

	valueOfBinding(b: Occurrence): Value[] {
		const id = b.node.id;
		const memo = this.bindingMemo.get(id);
		if (memo) {
			return memo;
		}
		if (this.inProgress.has(id) || this.depth > MAX_DEPTH) {
			return [];
		}
		this.inProgress.add(id);
		this.depth++;
		let out: Value[] = [];
		try {
			out = this.computeBinding(b);
		} finally {
			this.depth--;
			this.inProgress.delete(id);
		}
		this.bindingMemo.set(id, out);
		return out;
	}

	private computeBinding(b: Occurrence): Value[] {
		const site = b.site;
		if (!site) {
			return [];
		}
		switch (site.kind) {
			case 'import': {
				const info = describeImport(site.owner);
				if (info.relative) {
					return [];
				}
				const imported = info.names.find((n) => n.bindingNode.id === b.node.id);
				if (!imported || !imported.boundFqn || this.isLocal(imported.boundFqn)) {
					return [];
				}
				return [{ kind: 'symbol', fqn: imported.boundFqn }];
			}
			case 'assign':
			case 'annotated':
			case 'walrus': {
				const owner = site.owner;
				const type = owner.type === 'assignment' ? owner.childForFieldName('type') : null;
				const fromType = type ? this.instancesOfAnnotation(type) : [];
				const left = owner.childForFieldName(owner.type === 'named_expression' ? 'name' : 'left');
				const right = owner.childForFieldName(owner.type === 'named_expression' ? 'value' : 'right');
				// Only a plain `name = value` carries the value; unpacking targets get nothing.
				const direct = left && left.id === b.node.id;
				const fromValue = direct && right ? this.valueOfExpr(right) : [];
				return mergeValues(fromType, fromValue);
			}
			case 'with': {
				const value = site.owner.childForFieldName('value');
				const expr = value?.type === 'as_pattern' ? value.namedChild(0) : null;
				const target = value?.childForFieldName('alias');
				if (!expr || !target || target.namedChild(0)?.id !== b.node.id) {
					return [];
				}
				// `with X(...) as x` yields what __enter__/__aenter__ returns; for the SDK classes the
				// rules track that is the instance itself.
				return this.valueOfExpr(expr).filter((v) => v.kind === 'instance');
			}
			case 'for':
			case 'comprehension':
				return this.elementOfLoop(site.owner, b.node);
			case 'param': {
				const p = b.node.parent;
				const holder = p && (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') ? null : p;
				const type = holder && (holder.type === 'typed_parameter' || holder.type === 'typed_default_parameter')
					? holder.childForFieldName('type') : null;
				return type ? this.instancesOfAnnotation(type) : [];
			}
			default:
				return [];
		}
	}

	private isLocal(fqn: string): boolean {
		return this.localModules.has(fqn.split('.')[0]);
	}

	valueOfExpr(node: Node): Value[] {
		// Expressions nest arbitrarily (`a.b.c...`, `f(g(h(...)))`); beyond a depth no API chain
		// reaches, give up rather than recurse through a pathological line.
		if (this.exprDepth >= MAX_EXPR_DEPTH) {
			return [];
		}
		this.exprDepth++;
		try {
			return this.valueOfExprInner(node);
		} finally {
			this.exprDepth--;
		}
	}

	private valueOfExprInner(node: Node): Value[] {
		const n = unwrapExpression(node);
		switch (n.type) {
			case 'identifier':
				return this.valueOfName(n.text, n);
			case 'attribute': {
				const obj = n.childForFieldName('object');
				const attr = n.childForFieldName('attribute');
				if (!obj || !attr) {
					return [];
				}
				const out: Value[] = [];
				for (const v of this.valueOfExpr(obj)) {
					if (v.kind === 'symbol') {
						pushUnique(out, { kind: 'symbol', fqn: `${v.fqn}.${attr.text}` });
					} else if (v.kind === 'instance') {
						const member = this.oracle.member(v.cls, attr.text);
						if (member?.returns && member.isData) {
							pushUnique(out, this.returnedValue(member.returns));
						} else if (member) {
							pushUnique(out, { kind: 'symbol', fqn: member.fqn });
						}
					}
				}
				for (const v of this.selfAttribute(obj, attr.text)) {
					pushUnique(out, v);
				}
				return out;
			}
			case 'call':
				return this.valueOfCall(n);
			case 'subscript': {
				// One level of indexing: `agent.mcp_servers[0]`, `result.contents[0]`.
				const value = n.childForFieldName('value');
				const index = n.childForFieldName('subscript');
				if (!value || index?.type === 'slice') {
					return [];
				}
				// `Server[Any]` specialises a generic class: calling it still builds that class.
				return this.valueOfExpr(value).flatMap((v): Value[] => v.kind === 'sequence' ? [{ kind: 'instance', cls: v.cls }]
					: v.kind === 'symbol' && this.oracle.resolve(v.fqn)?.isClass ? [v] : []);
			}
			case 'list':
			case 'tuple':
			case 'set': {
				// `[MCPServerStdio(...), MCPServerSse(...)]`: a sequence of the elements' instances.
				const out: Value[] = [];
				for (const el of n.namedChildren) {
					for (const v of el ? this.valueOfExpr(el) : []) {
						if (v.kind === 'instance') {
							pushUnique(out, { kind: 'sequence', cls: v.cls });
						}
					}
				}
				return out;
			}
			default:
				return [];
		}
	}

	/** `returns` data: `pkg.Cls` is an instance, `list[pkg.Cls]` a sequence of them. */
	private returnedValue(returns: string): Value {
		const m = /^(?:list|List|Sequence|Iterable)\[(.+)\]$/.exec(returns.trim());
		return m
			? { kind: 'sequence', cls: this.oracle.canonical(m[1].trim()) }
			: { kind: 'instance', cls: this.oracle.canonical(returns) };
	}

	/**
	 * The element bound by a `for` statement or comprehension clause: `for s in agent.mcp_servers`,
	 * `[s for s in manager.active_servers]`, `for i, s in enumerate(servers)`.
	 */
	private elementOfLoop(owner: Node, id: Node): Value[] {
		const left = owner.childForFieldName('left');
		let right = owner.childForFieldName('right');
		if (!left || !right) {
			return [];
		}
		if (left.id !== id.id) {
			// `for i, s in enumerate(xs)`: the second name of a two-name target.
			const names = left.namedChildren.filter((c): c is Node => !!c);
			const call = unwrapExpression(right);
			const fn = call.type === 'call' ? call.childForFieldName('function') : null;
			const arg = call.type === 'call' ? call.childForFieldName('arguments')?.namedChild(0) : null;
			if ((left.type !== 'pattern_list' && left.type !== 'tuple_pattern') || names.length !== 2 || names[1].id !== id.id
				|| fn?.type !== 'identifier' || fn.text !== 'enumerate' || !arg) {
				return [];
			}
			right = arg;
		}
		return this.valueOfExpr(right).filter((v) => v.kind === 'sequence').map((v) => ({ kind: 'instance', cls: v.cls } as Value));
	}

	/**
	 * `self.x` inside a method: what any method of the same class assigns to `self.x` (or what a
	 * class-level annotation `x: T` says). Only when `obj` is the method's first parameter, not rebound.
	 */
	private selfAttribute(obj: Node, attr: string): Value[] {
		if (obj.type !== 'identifier') {
			return [];
		}
		const cls = this.classOfSelf(obj);
		if (!cls) {
			return [];
		}
		const key = `${cls.id}:${attr}`;
		const memo = this.selfAttrMemo.get(key);
		if (memo) {
			return memo;
		}
		if (this.inProgress.has(-cls.id - 1) || this.depth > MAX_DEPTH) {
			return [];
		}
		this.selfAttrMemo.set(key, []);
		this.inProgress.add(-cls.id - 1);
		this.depth++;
		const out: Value[] = [];
		try {
			for (const id of this.binder.attributeNames(attr, cls)) {
				const attribute = id.parent!;
				const receiver = attribute.childForFieldName('object');
				const assignment = attribute.parent;
				if (!receiver || receiver.type !== 'identifier' || !assignment || assignment.type !== 'assignment'
					|| assignment.childForFieldName('left')?.id !== attribute.id) {
					continue;
				}
				const owner = this.classOfSelf(receiver);
				if (!owner || owner.id !== cls.id) {
					continue;
				}
				const type = assignment.childForFieldName('type');
				const right = assignment.childForFieldName('right');
				for (const v of mergeValues(type ? this.instancesOfAnnotation(type) : [], right ? this.valueOfExpr(right) : [])) {
					pushUnique(out, v);
				}
			}
			// Class-level annotations and assignments: `server: MCPServerStdio` (dataclasses, attrs).
			for (const o of this.binder.occurrences(attr)) {
				if (o.site && (o.site.kind === 'assign' || o.site.kind === 'annotated') && o.scope.id === cls.id) {
					for (const v of this.valueOfBinding(o)) {
						pushUnique(out, v);
					}
				}
			}
		} finally {
			this.depth--;
			this.inProgress.delete(-cls.id - 1);
		}
		this.selfAttrMemo.set(key, out);
		return out;
	}

	/** The class whose method has `id` as its (unrebound) first parameter, if any. */
	private classOfSelf(id: Node): Node | undefined {
		const reaching = this.binder.reaching(id.text, id);
		if (reaching.length !== 1 || reaching[0].site?.kind !== 'param') {
			return undefined;
		}
		const fn = reaching[0].site.owner;
		if (fn.type !== 'function_definition') {
			return undefined;
		}
		const first = fn.childForFieldName('parameters')?.namedChild(0);
		const firstName = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? first.namedChild(0) : null;
		if (!firstName || firstName.id !== reaching[0].node.id) {
			return undefined;
		}
		let holder: Node | null = fn.parent;
		if (holder?.type === 'decorated_definition') {
			if (holder.namedChildren.some((d) => d?.type === 'decorator' && /\bstaticmethod\b/.test(d.text))) {
				return undefined;
			}
			holder = holder.parent;
		}
		const cls = holder?.type === 'block' ? holder.parent : null;
		return cls?.type === 'class_definition' ? cls : undefined;
	}

	private valueOfCall(call: Node): Value[] {
		const fn = call.childForFieldName('function');
		if (!fn) {
			return [];
		}
		const out: Value[] = [];
		if (fn.type === 'attribute' && ENTER_CONTEXT.has(fn.childForFieldName('attribute')?.text ?? '')) {
			// `await stack.enter_async_context(X(...))` returns what `async with X(...) as x` binds.
			const arg = call.childForFieldName('arguments')?.namedChild(0);
			if (arg && arg.type !== 'keyword_argument') {
				for (const v of this.valueOfExpr(arg)) {
					if (v.kind === 'instance') {
						pushUnique(out, v);
					}
				}
			}
		}
		for (const v of this.valueOfExpr(fn)) {
			if (v.kind !== 'symbol') {
				continue;
			}
			if (v.fqn === 'importlib.import_module') {
				const literal = firstStringArgument(call);
				if (literal && !this.isLocal(literal)) {
					pushUnique(out, { kind: 'symbol', fqn: literal });
				}
				continue;
			}
			const found = this.oracle.resolve(v.fqn);
			if (!found) {
				continue;
			}
			if (found.isClass) {
				pushUnique(out, { kind: 'instance', cls: found.fqn });
			} else if (found.returns) {
				pushUnique(out, this.returnedValue(found.returns));
			}
		}
		return out;
	}

	/** Classes an annotation names: `X`, `X | None`, `Optional[X]`, `X[...]`, `"X"`, `Annotated[X, ...]`. */
	instancesOfAnnotation(type: Node, anchor?: Node): Value[] {
		const out: Value[] = [];
		const stack: Node[] = [type];
		let guard = 0;
		while (stack.length > 0 && guard++ < 64) {
			const n = stack.pop()!;
			switch (n.type) {
				case 'type':
				case 'parenthesized_expression':
					for (const c of n.namedChildren) {
						if (c) {
							stack.push(c);
						}
					}
					break;
				case 'binary_operator':
					for (const f of ['left', 'right']) {
						const c = n.childForFieldName(f);
						if (c) {
							stack.push(c);
						}
					}
					break;
				case 'generic_type':
				case 'subscript': {
					const base = n.type === 'subscript' ? n.childForFieldName('value') : n.namedChild(0);
					if (!base) {
						break;
					}
					const baseName = base.text.split('.').pop() ?? '';
					if (COLLECTION_TYPES.has(baseName)) {
						// `list[MCPServer]`, `Sequence[ClientSession]`: a sequence of the element type.
						const args = n.type === 'subscript' ? n.childrenForFieldName('subscript') : (n.namedChild(1)?.namedChildren ?? []);
						const first = args[0];
						for (const v of first ? this.instancesOfAnnotation(first, anchor) : []) {
							if (v.kind === 'instance') {
								pushUnique(out, { kind: 'sequence', cls: v.cls });
							}
						}
					} else if (baseName === 'Optional' || baseName === 'Union' || baseName === 'Annotated') {
						const args = n.type === 'subscript' ? n.childrenForFieldName('subscript') : (n.namedChild(1)?.namedChildren ?? []);
						const list = baseName === 'Annotated' ? args.slice(0, 1) : args;
						for (const a of list) {
							if (a) {
								stack.push(a);
							}
						}
					} else {
						stack.push(base);
					}
					break;
				}
				case 'type_parameter':
					for (const c of n.namedChildren) {
						if (c) {
							stack.push(c);
						}
					}
					break;
				case 'string': {
					const content = plainStringContent(n);
					if (content) {
						const values = this.fragments.withFragment(content.text, (root) => {
							const expr = root.namedChild(0)?.namedChild(0);
							return expr ? this.instancesOfAnnotation(expr, anchor ?? n) : [];
						});
						for (const v of values ?? []) {
							pushUnique(out, v);
						}
					}
					break;
				}
				case 'identifier':
				case 'attribute':
					for (const v of anchor ? this.anchoredValue(n, anchor) : this.valueOfExpr(n)) {
						const inst = this.asInstance(v);
						if (inst) {
							pushUnique(out, inst);
						}
					}
					break;
			}
		}
		return out;
	}

	/**
	 * Evaluates a name or dotted name from a parsed string annotation (a separate tree) as if it
	 * stood where the string `anchor` stands in the main tree.
	 */
	anchoredValue(expr: Node, anchor: Node): Value[] {
		const parts = expr.text.split('.').map((s) => s.trim());
		const head = parts.shift();
		if (!head || (expr.type !== 'identifier' && expr.type !== 'attribute')) {
			return [];
		}
		const out: Value[] = [];
		for (const v of this.valueOfName(head, anchor)) {
			if (v.kind === 'symbol') {
				pushUnique(out, { kind: 'symbol', fqn: [v.fqn, ...parts].join('.') });
			}
		}
		return out;
	}

	private asInstance(v: Value): Value | undefined {
		if (v.kind !== 'symbol') {
			return undefined;
		}
		const found = this.oracle.resolve(v.fqn);
		if (found?.isClass) {
			return { kind: 'instance', cls: found.fqn };
		}
		return undefined;
	}
}

function firstStringArgument(call: Node): string | undefined {
	const args = call.childForFieldName('arguments');
	const first = args?.namedChild(0);
	if (!first || first.type !== 'string') {
		return undefined;
	}
	const content = plainStringContent(first);
	return content ? content.text : undefined;
}

function sameValue(a: Value, b: Value): boolean {
	return a.kind === b.kind && (a.kind === 'symbol' ? a.fqn === (b as { fqn: string }).fqn : a.cls === (b as { cls: string }).cls);
}

export function valueKey(v: Value): string {
	return v.kind === 'symbol' ? `symbol:${v.fqn}` : `${v.kind}:${v.cls}`;
}

function pushUnique(list: Value[], v: Value): void {
	if (!list.some((x) => sameValue(x, v))) {
		list.push(v);
	}
}

function mergeValues(a: Value[], b: Value[]): Value[] {
	const out = a.slice();
	for (const v of b) {
		pushUnique(out, v);
	}
	return out;
}
