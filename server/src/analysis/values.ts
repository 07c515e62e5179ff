import type { Node, Parser } from 'web-tree-sitter';
import type { Binder, Occurrence } from './binder';
import { describeImport } from './imports';
import { plainStringContent, sameNode, unwrapExpression } from './syntax';

// What an expression stands for, as far as the rules care: a catalogued module/class/function
// reached through imports ("symbol"), or an instance of a catalogued class ("instance"). This is
// intra-file data flow without a type checker: assignments, `with ... as`, annotations of
// parameters and variables, method return types taken from the knowledge data.

export type Value =
	| { kind: 'symbol'; fqn: string }
	| { kind: 'instance'; cls: string }
	/** A list/iterable whose elements are instances of `cls` (`agent.mcp_servers`, `result.contents`). */
	| { kind: 'sequence'; cls: string }
	/** A module, class or function of the project itself, by its module path (the project index knows it). */
	| { kind: 'project'; fqn: string };

/** A type the project index recorded: an instance of an SDK class, or a sequence of them. */
export type TypeValue = { kind: 'instance' | 'sequence'; cls: string };

/**
 * What a project name stands for, as the project index (server/src/project/index/) recorded it:
 * plain data, so it crosses to the analysis worker. Class facts are flattened over project base
 * classes in other files (inherited attributes and methods included).
 */
export type ProjectSymbol =
	| { kind: 'module' }
	/** A re-export or alias of an SDK name. */
	| { kind: 'sdk'; fqn: string }
	| {
		kind: 'class';
		/** SDK classes the class derives from (through project classes too). */
		sdkBases: string[];
		/** SDK classes whose constructor `super().__init__` reaches (none once a project class defines `__init__`). */
		constructorBases: string[];
		/** Whether the class or a project base defines `__init__`. */
		hasInit: boolean;
		/** Annotated or assigned attributes (`session: ClientSession`, `self.session = ...`), inherited ones included. */
		attrs: Record<string, TypeValue[]>;
		/** What methods (and properties) return, by return annotation, inherited ones included. */
		methods: Record<string, TypeValue[]>;
	}
	| { kind: 'function'; returns: TypeValue[] };

/** The slice of the project index one file's analysis sees (plain data: crosses to the analysis worker). */
export interface ProjectView {
	/** The file's own module name and whether it is a package `__init__.py` (for relative imports). */
	module?: string;
	isPackage?: boolean;
	symbols: Record<string, ProjectSymbol>;
}

/**
 * Whether a file's view reaches anything of the SDK through the project (a re-export, a subclass,
 * a typed attribute or return): then the file is analysed although its text never says "mcp".
 */
export function viewReachesSdk(view: ProjectView | undefined): boolean {
	return !!view && Object.values(view.symbols).some((s) => s.kind === 'sdk'
		|| (s.kind === 'class' && (s.sdkBases.length > 0 || Object.keys(s.attrs).length > 0 || Object.keys(s.methods).length > 0))
		|| (s.kind === 'function' && s.returns.length > 0));
}

/** A view as the evaluator's interface. */
export function projectTypesOf(view: ProjectView): ProjectTypes {
	return {
		lookup: (fqn) => Object.prototype.hasOwnProperty.call(view.symbols, fqn) ? view.symbols[fqn] : undefined,
		relative: (spec) => view.module ? resolveRelative(spec, view.module, !!view.isPackage) : undefined,
	};
}

/**
 * The absolute module a relative import names: `spec` is the written module (`.auth`, `..`,
 * `..pkg.mod`), `module` the importing file's module, `isPackage` whether that file is an
 * `__init__.py` (then its own module is the package the dots start from).
 */
export function resolveRelative(spec: string, module: string, isPackage: boolean): string | undefined {
	const dots = /^\.*/.exec(spec)![0].length;
	const rest = spec.slice(dots);
	const parts = module.split('.');
	if (!isPackage) {
		parts.pop();
	}
	for (let i = 1; i < dots; i++) {
		if (parts.length === 0) {
			return undefined;
		}
		parts.pop();
	}
	const base = parts.join('.');
	if (!rest) {
		return base || undefined;
	}
	return base ? `${base}.${rest}` : rest;
}

/** The project as the evaluator of one file sees it (absent: one file on its own). */
export interface ProjectTypes {
	lookup(fqn: string): ProjectSymbol | undefined;
	/** The absolute module a relative import names from this file (`.auth` in pkg/server.py -> pkg.auth). */
	relative(spec: string): string | undefined;
}

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

/** A FragmentParser over one tree-sitter parser (the engine's per grammar, the project index's own). */
export function fragmentParserOver(parser: Parser): FragmentParser {
	return {
		withFragment<T>(text: string, fn: (root: Node) => T): T | undefined {
			const tree = parser.parse(text);
			if (!tree) {
				return undefined;
			}
			try {
				return fn(tree.rootNode);
			} finally {
				tree.delete();
			}
		},
	};
}

const MAX_DEPTH = 40;
const MAX_EXPR_DEPTH = 32;

export class Evaluator {
	private readonly nameMemo = new Map<string, Value[]>();
	private readonly bindingMemo = new Map<number, Value[]>();
	private readonly inProgress = new Set<number>();
	private readonly selfAttrMemo = new Map<string, Value[]>();
	private readonly basesMemo = new Map<number, string[]>();
	private narrowings?: Map<string, Narrowing[]>;
	private depth = 0;
	private exprDepth = 0;

	constructor(
		private readonly binder: Binder,
		private readonly oracle: SymbolOracle,
		private readonly localModules: ReadonlySet<string>,
		private readonly fragments: FragmentParser,
		private readonly project?: ProjectTypes,
	) {}

	/** A project name as a value: an SDK re-export becomes that SDK name, anything else a project value. */
	private projectValue(fqn: string): Value[] {
		const found = this.project?.lookup(fqn);
		if (!found) {
			return [];
		}
		return found.kind === 'sdk' ? [{ kind: 'symbol', fqn: found.fqn }] : [{ kind: 'project', fqn }];
	}

	private projectClass(fqn: string): Extract<ProjectSymbol, { kind: 'class' }> | undefined {
		const found = this.project?.lookup(fqn);
		return found?.kind === 'class' ? found : undefined;
	}

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
		for (const v of this.narrowedValues(name, pos)) {
			pushUnique(out, v);
		}
		return out;
	}

	/** `if isinstance(c, BlobResourceContents):` types `c` within the branch (and after `assert isinstance(...)`). */
	private narrowedValues(name: string, pos: number): Value[] {
		const out: Value[] = [];
		for (const n of this.narrowingsOf(name)) {
			if (n.start <= pos && pos < n.end) {
				for (const cls of n.classes) {
					for (const v of this.instancesOfAnnotation(cls)) {
						if (v.kind === 'instance') {
							pushUnique(out, v);
						}
					}
				}
			}
		}
		return out;
	}

	private narrowingsOf(name: string): Narrowing[] {
		if (!this.narrowings) {
			this.narrowings = new Map();
			for (const id of this.binder.identifiers('isinstance')) {
				const call = id.parent;
				if (call?.type !== 'call' || !sameNode(call.childForFieldName('function'), id)) {
					continue;
				}
				const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
				const subject = args.length === 2 ? unwrapExpression(args[0]) : null;
				const range = subject?.type === 'identifier' ? narrowedRange(call) : undefined;
				if (!subject || !range) {
					continue;
				}
				const cls = unwrapExpression(args[1]);
				const classes = cls.type === 'tuple' ? cls.namedChildren.filter((c): c is Node => !!c) : [cls];
				const list = this.narrowings.get(subject.text) ?? [];
				list.push({ ...range, classes });
				this.narrowings.set(subject.text, list);
			}
		}
		return this.narrowings.get(name) ?? [];
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
				const imported = info.names.find((n) => n.bindingNode.id === b.node.id);
				if (info.relative) {
					// `from .auth import Verifier`: a project name, resolved from this file's module.
					const base = this.project && info.moduleNode ? this.project.relative(info.moduleNode.text) : undefined;
					return base && imported ? this.projectValue(`${base}.${imported.nameNode.text}`) : [];
				}
				if (!imported || !imported.boundFqn) {
					return [];
				}
				if (this.isLocal(imported.boundFqn)) {
					return this.projectValue(imported.boundFqn);
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
				const declared = type ? this.instancesOfAnnotation(type) : [];
				// `self` in a method of a project subclass of an SDK class is an instance of that
				// class; `cls` in a classmethod is the class itself.
				const receiver = this.receiverOfMethod(b);
				return receiver ? mergeValues(declared, receiver) : declared;
			}
			case 'class':
				// A project subclass stands for the SDK class it derives from: calling it builds one,
				// annotating with it types the receiver.
				return this.baseValues(site.owner).map((cls): Value => ({ kind: 'symbol', fqn: cls }));
			default:
				return [];
		}
	}

	/**
	 * The SDK classes a project class derives from (directly, or through project classes of this
	 * file or of the project), canonical FQNs.
	 */
	baseClasses(cls: Node): string[] {
		return this.baseValues(cls);
	}

	private baseValues(cls: Node): string[] {
		const memo = this.basesMemo.get(cls.id);
		if (memo) {
			return memo;
		}
		if (this.inProgress.has(-cls.id - 1_000_000) || this.depth > MAX_DEPTH) {
			return [];
		}
		this.inProgress.add(-cls.id - 1_000_000);
		this.depth++;
		const out: string[] = [];
		try {
			const supers = cls.childForFieldName('superclasses');
			for (const base of supers?.namedChildren ?? []) {
				if (!base || base.type === 'keyword_argument' || base.type === 'list_splat' || base.type === 'dictionary_splat' || base.type === 'comment') {
					continue;
				}
				for (const v of this.valueOfExpr(base)) {
					const found = v.kind === 'symbol' ? this.oracle.resolve(v.fqn) : undefined;
					if (found?.isClass && !out.includes(found.fqn)) {
						out.push(found.fqn);
					}
					for (const sdk of v.kind === 'project' ? this.projectClass(v.fqn)?.sdkBases ?? [] : []) {
						if (!out.includes(sdk)) {
							out.push(sdk);
						}
					}
				}
			}
		} finally {
			this.depth--;
			this.inProgress.delete(-cls.id - 1_000_000);
		}
		this.basesMemo.set(cls.id, out);
		return out;
	}

	/**
	 * The SDK classes whose constructor `super().__init__(...)` in `cls` calls: through project base
	 * classes of this file that define no `__init__` of their own (one that does has its own
	 * signature, which is not the SDK's).
	 */
	constructorClasses(cls: Node, depth = 0): string[] {
		const out: string[] = [];
		for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
			if (!base || base.type === 'keyword_argument' || base.type === 'list_splat' || base.type === 'dictionary_splat' || base.type === 'comment') {
				continue;
			}
			const local = base.type === 'identifier' ? this.binder.reaching(base.text, base).filter((b) => b.site?.kind === 'class') : [];
			if (local.length > 0) {
				for (const b of local) {
					if (depth < 8 && methodsIn(b.site!.owner, '__init__').length === 0) {
						out.push(...this.constructorClasses(b.site!.owner, depth + 1).filter((c) => !out.includes(c)));
					}
				}
				continue;
			}
			for (const v of this.valueOfExpr(base)) {
				const found = v.kind === 'symbol' ? this.oracle.resolve(v.fqn) : undefined;
				if (found?.isClass && !out.includes(found.fqn)) {
					out.push(found.fqn);
				}
				const project = v.kind === 'project' ? this.projectClass(v.fqn) : undefined;
				for (const sdk of project && !project.hasInit ? project.constructorBases : []) {
					if (!out.includes(sdk)) {
						out.push(sdk);
					}
				}
			}
		}
		return out;
	}

	/** The project classes (from other files) a class of this file derives from, by FQN. */
	projectBases(cls: Node): string[] {
		const out: string[] = [];
		if (!this.project) {
			return out;
		}
		for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
			if (!base || base.type === 'keyword_argument' || base.type === 'list_splat' || base.type === 'dictionary_splat' || base.type === 'comment') {
				continue;
			}
			for (const v of this.valueOfExpr(base)) {
				if (v.kind === 'project' && this.projectClass(v.fqn) && !out.includes(v.fqn)) {
					out.push(v.fqn);
				}
			}
		}
		return out;
	}

	/** `self` (an instance) or `cls` (the class) of a method whose class derives from SDK classes. */
	private receiverOfMethod(b: Occurrence): Value[] | undefined {
		const fn = b.site?.owner;
		if (!fn || fn.type !== 'function_definition' || !isFirstParameter(fn, b.node)) {
			return undefined;
		}
		const method = methodClass(fn);
		if (!method || method.decorator === 'staticmethod') {
			return undefined;
		}
		const bases = this.baseValues(method.cls);
		if (bases.length === 0) {
			return undefined;
		}
		return bases.map((cls): Value => method.decorator === 'classmethod' ? { kind: 'symbol', fqn: cls } : { kind: 'instance', cls });
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
					} else if (v.kind === 'project') {
						for (const p of this.projectValue(`${v.fqn}.${attr.text}`)) {
							pushUnique(out, p);
						}
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
			// Declared in a project base class in another file (attributes and properties).
			for (const base of out.length === 0 ? this.projectBases(cls) : []) {
				const info = this.projectClass(base);
				for (const v of [...info?.attrs[attr] ?? [], ...info?.methods[attr] ?? []]) {
					pushUnique(out, v);
				}
			}
		} finally {
			this.depth--;
			this.inProgress.delete(-cls.id - 1);
		}
		this.selfAttrMemo.set(key, out);
		return out;
	}

	/** `self.name` where a project base class in another file records `name` among its methods or attributes. */
	private inheritedFromProject(fn: Node, family: 'methods' | 'attrs'): Value[] {
		const f = unwrapExpression(fn);
		const obj = f.type === 'attribute' ? f.childForFieldName('object') : null;
		const attr = f.type === 'attribute' ? f.childForFieldName('attribute') : null;
		const cls = this.project && obj?.type === 'identifier' && attr ? this.classOfSelf(obj) : undefined;
		const out: Value[] = [];
		for (const base of cls && this.methodsOf(cls, attr!.text, 0).length === 0 ? this.projectBases(cls) : []) {
			for (const v of this.projectClass(base)?.[family][attr!.text] ?? []) {
				pushUnique(out, v);
			}
		}
		return out;
	}

	/** The class whose method has `id` as its (unrebound) first parameter, if any. */
	private classOfSelf(id: Node): Node | undefined {
		const reaching = this.binder.reaching(id.text, id);
		if (reaching.length !== 1 || reaching[0].site?.kind !== 'param') {
			return undefined;
		}
		const fn = reaching[0].site.owner;
		if (fn.type !== 'function_definition' || !isFirstParameter(fn, reaching[0].node)) {
			return undefined;
		}
		const method = methodClass(fn);
		return method && method.decorator !== 'staticmethod' ? method.cls : undefined;
	}

	/**
	 * The project definitions a call's function can be: `make_client()` (a `def` in reach),
	 * `self.session()` (a method of self's class or of its in-file base classes).
	 */
	private calledDefinitions(fn: Node): Node[] {
		const f = unwrapExpression(fn);
		if (f.type === 'identifier') {
			return this.binder.reaching(f.text, f).filter((b) => b.site?.kind === 'def').map((b) => b.site!.owner);
		}
		if (f.type !== 'attribute') {
			return [];
		}
		const obj = f.childForFieldName('object');
		const attr = f.childForFieldName('attribute');
		const cls = obj?.type === 'identifier' ? this.classOfSelf(obj) : undefined;
		return cls && attr ? this.methodsOf(cls, attr.text, 0) : [];
	}

	/** Methods named `name` defined in `cls` or, when it has none, in its base classes of this file. */
	private methodsOf(cls: Node, name: string, depth: number): Node[] {
		const own = methodsIn(cls, name);
		if (own.length > 0 || depth > 8) {
			return own;
		}
		const out: Node[] = [];
		for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
			if (base?.type !== 'identifier') {
				continue;
			}
			for (const b of this.binder.reaching(base.text, base)) {
				if (b.site?.kind === 'class') {
					out.push(...this.methodsOf(b.site.owner, name, depth + 1));
				}
			}
		}
		return out;
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
		// Project functions and methods: what their return annotation names.
		for (const def of this.calledDefinitions(fn)) {
			const returns = def.childForFieldName('return_type');
			for (const v of returns ? this.instancesOfAnnotation(returns) : []) {
				pushUnique(out, v);
			}
		}
		// `self.session()` where a base class in another file declares `def session(self) -> ClientSession`.
		if (out.length === 0) {
			for (const v of this.inheritedFromProject(fn, 'methods')) {
				pushUnique(out, v);
			}
		}
		for (const v of this.valueOfExpr(fn)) {
			if (v.kind === 'project') {
				const found = this.project?.lookup(v.fqn);
				const produced = found?.kind === 'class' ? found.sdkBases.map((cls): Value => ({ kind: 'instance', cls }))
					: found?.kind === 'function' ? found.returns : [];
				for (const p of produced) {
					pushUnique(out, p);
				}
				continue;
			}
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
					// A type alias (`Maybe = Optional["ClientSession"]`, `X: TypeAlias = ...`) stands
					// for its right-hand side wherever it annotates.
					if (n.type === 'identifier' && !anchor) {
						for (const right of this.aliasedTypes(n)) {
							stack.push(right);
						}
					}
					break;
			}
		}
		return out;
	}

	/** The type forms an identifier can alias: right-hand sides of its reaching assignments that are type forms. */
	private aliasedTypes(id: Node): Node[] {
		const out: Node[] = [];
		for (const b of this.binder.reaching(id.text, id)) {
			const owner = b.site && (b.site.kind === 'assign' || b.site.kind === 'annotated') ? b.site.owner : null;
			const right = owner && owner.type === 'assignment' && sameNode(owner.childForFieldName('left'), b.node) ? owner.childForFieldName('right') : null;
			if (right && (right.type === 'string' || right.type === 'subscript' || right.type === 'generic_type'
				|| (right.type === 'binary_operator' && right.child(1)?.type === '|'))) {
				out.push(right);
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
		if (v.kind === 'project') {
			// A project class in an annotation: an instance of (the first of) its SDK bases.
			const sdk = this.projectClass(v.fqn)?.sdkBases[0];
			return sdk ? { kind: 'instance', cls: sdk } : undefined;
		}
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

/** Subscripted heads whose arguments are types (so a string among them is a forward reference). */
const TYPE_FORM_HEADS = new Set([...COLLECTION_TYPES, 'Optional', 'Union', 'Annotated', 'Callable', 'Awaitable', 'Coroutine', 'AsyncGenerator', 'Generator',
	'dict', 'Dict', 'Mapping', 'MutableMapping', 'type', 'Type', 'ClassVar', 'Final', 'AsyncIterable', 'AbstractAsyncContextManager', 'AsyncContextManager', 'ContextManager']);

/**
 * True when a string literal stands where a type goes outside an annotation: an argument of a
 * typing subscript (`Callable[..., "AccessToken"]` in a type alias), the first argument of
 * `cast(...)`, or the right-hand side of an assignment to a name annotated `TypeAlias`.
 */
export function inTypeForm(str: Node): boolean {
	let cur: Node = str;
	for (let p = cur.parent, hops = 0; p && hops < 16; cur = p, p = p.parent, hops++) {
		switch (p.type) {
			case 'subscript': {
				if (sameNode(p.childForFieldName('value'), cur)) {
					return false;
				}
				const head = p.childForFieldName('value')?.text.split('.').pop() ?? '';
				if (TYPE_FORM_HEADS.has(head)) {
					return true;
				}
				break;
			}
			case 'list':
			case 'tuple':
			case 'expression_list':
			case 'parenthesized_expression':
				break;
			case 'binary_operator':
				if (p.child(1)?.type !== '|') {
					return false;
				}
				break;
			case 'argument_list': {
				const call = p.parent;
				const fn = call?.childForFieldName('function')?.text.split('.').pop();
				return fn === 'cast' && sameNode(p.namedChild(0), cur);
			}
			case 'assignment':
				return sameNode(p.childForFieldName('right'), cur) && /\bTypeAlias$/.test(p.childForFieldName('type')?.text ?? '');
			default:
				return false;
		}
	}
	return false;
}

/** A branch where `isinstance(name, classes)` holds: offsets [start, end). */
interface Narrowing {
	start: number;
	end: number;
	classes: Node[];
}

/**
 * Where an `isinstance(...)` call's truth is known: the consequence of the `if`/`elif`/`while`
 * whose condition it is (alone or as a conjunct of `and`), or the rest of the block after
 * `assert isinstance(...)`. Negations and `or` narrow nothing.
 */
function narrowedRange(call: Node): { start: number; end: number } | undefined {
	let cur: Node = call;
	for (let p = cur.parent; p; cur = p, p = p.parent) {
		if (p.type === 'parenthesized_expression' || (p.type === 'boolean_operator' && p.child(1)?.type === 'and')) {
			continue;
		}
		if ((p.type === 'if_statement' || p.type === 'elif_clause' || p.type === 'while_statement') && sameNode(p.childForFieldName('condition'), cur)) {
			const body = p.childForFieldName('consequence') ?? p.childForFieldName('body');
			return body ? { start: body.startIndex, end: body.endIndex } : undefined;
		}
		if (p.type === 'assert_statement' && sameNode(p.namedChild(0), cur)) {
			const block = p.parent;
			return block ? { start: p.endIndex, end: block.endIndex } : undefined;
		}
		return undefined;
	}
	return undefined;
}

/** True when `id` names the first parameter of `fn`. */
function isFirstParameter(fn: Node, id: Node): boolean {
	const first = fn.childForFieldName('parameters')?.namedChild(0);
	const firstName = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' || first?.type === 'typed_default_parameter' || first?.type === 'default_parameter' ? first.namedChild(0) : null;
	return !!firstName && firstName.id === id.id;
}

/** The class a function is a method of, and its decorator kind when static or class. */
function methodClass(fn: Node): { cls: Node; decorator?: 'staticmethod' | 'classmethod' } | undefined {
	let holder: Node | null = fn.parent;
	let decorator: 'staticmethod' | 'classmethod' | undefined;
	if (holder?.type === 'decorated_definition') {
		for (const d of holder.namedChildren) {
			if (d?.type === 'decorator') {
				decorator = /\bstaticmethod\b/.test(d.text) ? 'staticmethod' : /\bclassmethod\b/.test(d.text) ? 'classmethod' : decorator;
			}
		}
		holder = holder.parent;
	}
	const cls = holder?.type === 'block' ? holder.parent : null;
	return cls?.type === 'class_definition' ? { cls, decorator } : undefined;
}

/** The `def name` statements directly in a class body (decorated or not). */
function methodsIn(cls: Node, name: string): Node[] {
	const out: Node[] = [];
	for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
		const def = st?.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
		if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) {
			out.push(def);
		}
	}
	return out;
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
	return valueKey(a) === valueKey(b);
}

export function valueKey(v: Value): string {
	return v.kind === 'symbol' || v.kind === 'project' ? `${v.kind}:${v.fqn}` : `${v.kind}:${v.cls}`;
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
