import type { Node } from 'web-tree-sitter';
import { ancestors, BindingSite, classifyOccurrence, COMPREHENSION_TYPES, scopeOf } from './syntax';
import { occurrences } from './textSearch';

// A name-directed binder. Instead of building a symbol table for every name in the file, it is
// asked about one name at a time (the names bound by relevant imports, then the names those flow
// into). For a name it finds every identifier spelled that way (text search, then the syntax tree
// decides what each hit is: comments and strings are never identifiers), classifies each as a
// binding or a reference, and answers "which bindings can reach this reference" with Python's
// scoping rules: function scopes are static, class bodies do not enclose their methods,
// `global`/`nonlocal` redirect, comprehensions have their own scope, and within a scope a later
// unconditional rebinding hides earlier ones.

export interface Occurrence {
	node: Node;
	/** The scope whose namespace this occurrence reads or writes. */
	scope: Node;
	site: BindingSite | null;
	/** For bindings: the offset at which the name is bound (end of the binding statement part). */
	point: number;
}

const IDENT_CHAR = /[\p{ID_Continue}]/u;

export class Binder {
	private readonly cache = new Map<string, Occurrence[]>();
	private readonly guardCache = new Map<number, Node>();
	private readonly infos = new Map<string, NameInfo>();
	private readonly scopeCache = new Map<number, Node>();
	private readonly parentScopeCache = new Map<number, Node | null>();
	/** reaching() answers by name, node and position: fix builders ask once per import for every reference. */
	private readonly reachingCache = new Map<string, Map<number, Occurrence[]>>();

	constructor(private readonly root: Node, private readonly text: string) {}

	/** Every identifier occurrence of `name` that is a binding or a reference (not keyword names or attributes). */
	occurrences(name: string): Occurrence[] {
		const cached = this.cache.get(name);
		if (cached) {
			return cached;
		}
		const out: Occurrence[] = [];
		for (const node of this.identifiers(name)) {
			const site = classifyOccurrence(node);
			if (site === 'skip') {
				continue;
			}
			if (!site) {
				// References are the bulk of a common name's hits (`self`, `session`); their scope is
				// only needed when one is actually resolved, so it is computed on first use.
				out.push(lazyReference(node));
				continue;
			}
			let scope = scopeOf(node);
			if (site.kind === 'walrus') {
				// PEP 572: an assignment expression binds in the nearest non-comprehension scope.
				while (COMPREHENSION_TYPES.has(scope.type) && scope.parent) {
					scope = scopeOf(scope);
				}
			}
			out.push({ node, scope, site, point: bindingPoint(node, site) });
		}
		this.cache.set(name, out);
		return out;
	}

	/**
	 * Identifiers spelled `name` that are the attribute part of an `x.name` expression inside
	 * `within` (text search; comments and strings are never attribute names).
	 */
	attributeNames(name: string, within: Node): Node[] {
		return this.identifiers(name, within).filter((node) => {
			const parent = node.parent;
			return !!parent && parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id;
		});
	}

	/**
	 * Identifier nodes spelled exactly `name` (inside `within` when given): a text search for the
	 * word, confirmed by the tree, so hits in comments and strings are never returned.
	 */
	identifiers(name: string, within: Node = this.root): Node[] {
		const out: Node[] = [];
		const { text } = this;
		const limit = within.endIndex;
		for (const i of occurrences(text, name, within.startIndex, limit)) {
			const end = i + name.length;
			if ((i > 0 && IDENT_CHAR.test(text[i - 1])) || (end < text.length && IDENT_CHAR.test(text[end]))) {
				continue;
			}
			const node = this.root.descendantForIndex(i, end);
			if (node && node.type === 'identifier' && node.startIndex === i && node.endIndex === end) {
				out.push(node);
			}
		}
		return out;
	}

	/** References (loads) of a name. */
	references(name: string): Occurrence[] {
		return this.occurrences(name).filter((o) => o.site === null);
	}

	/**
	 * The bindings of `name` that can be current when `at` (a node in this tree, or a node whose
	 * position stands for a reference, e.g. a string annotation) is evaluated. The array is shared
	 * between callers (cached): read it, never mutate it.
	 */
	reaching(name: string, at: Node, pos = at.startIndex): Occurrence[] {
		if (pos !== at.startIndex) {
			return this.computeReaching(name, at, pos);
		}
		let byNode = this.reachingCache.get(name);
		if (!byNode) {
			byNode = new Map();
			this.reachingCache.set(name, byNode);
		}
		let found = byNode.get(at.id);
		if (!found) {
			found = this.computeReaching(name, at, pos);
			byNode.set(at.id, found);
		}
		return found;
	}

	private computeReaching(name: string, at: Node, pos: number): Occurrence[] {
		const info = this.nameInfo(name);
		const refScope = info.scopeByNode.get(at.id) ?? this.scopeOfCached(at);
		const scope = this.bindingScope(info, refScope);
		if (!scope) {
			return [];
		}
		const inScope = info.bindingsByScope.get(scope.id) ?? [];
		if (scope.id === refScope.id) {
			const last = lastAtOrBefore(inScope, pos);
			if (last < 0) {
				// A use before any binding in its own scope: only a loop or a later call can make it
				// valid, and then any of the bindings may be current.
				return inScope;
			}
			return this.latestUndominated(inScope, last, scope, at);
		}
		// A use from a nested scope runs later (a function called after the module finished
		// executing): the bindings that survive to the end of the binding scope are the candidates.
		return this.latestUndominated(inScope, inScope.length - 1, scope, null);
	}

	/** Per-name facts computed once: declarations per scope, bindings grouped by effective scope. */
	private nameInfo(name: string): NameInfo {
		let info = this.infos.get(name);
		if (info) {
			return info;
		}
		const occs = this.occurrences(name);
		const declarations = new Map<number, 'global' | 'nonlocal'>();
		const scopeByNode = new Map<number, Node>();
		for (const o of occs) {
			if (!o.site) {
				continue;
			}
			scopeByNode.set(o.node.id, o.scope);
			if (o.site.kind === 'global' || o.site.kind === 'nonlocal') {
				declarations.set(o.scope.id, o.site.kind);
			}
		}
		const bindingsByScope = new Map<number, Occurrence[]>();
		info = { declarations, bindingsByScope, scopeByNode };
		for (const o of occs) {
			if (!o.site || o.site.kind === 'global' || o.site.kind === 'nonlocal' || o.site.kind === 'delete') {
				continue;
			}
			const scope = this.effectiveScope(o, occs, declarations);
			const list = bindingsByScope.get(scope.id) ?? [];
			list.push(o);
			bindingsByScope.set(scope.id, list);
		}
		for (const list of bindingsByScope.values()) {
			list.sort((a, b) => a.point - b.point);
		}
		this.infos.set(name, info);
		return info;
	}

	private latestUndominated(sorted: Occurrence[], last: number, scope: Node, at: Node | null): Occurrence[] {
		const out: Occurrence[] = [];
		for (let i = last; i >= 0; i--) {
			const b = sorted[i];
			out.push(b);
			const guard = this.guardOf(b, scope);
			const dominates = at
				? guard.startIndex <= at.startIndex && at.endIndex <= guard.endIndex
				: guard.id === scope.id;
			if (dominates) {
				break;
			}
		}
		return out;
	}

	/** The innermost conditionally-executed block around a binding, or its scope when it runs unconditionally. */
	private guardOf(b: Occurrence, scope: Node): Node {
		const cached = this.guardCache.get(b.node.id);
		if (cached) {
			return cached;
		}
		let guard = scope;
		// A block whose own parent (the next ancestor) is neither a `with` nor the scope is a guard.
		let block: Node | null = null;
		for (const p of ancestors(b.node)) {
			if (block) {
				if (p.type !== 'with_statement' && p.id !== scope.id) {
					guard = block;
					break;
				}
				block = null;
			}
			if (p.id === scope.id) {
				break;
			}
			if (p.type === 'block') {
				block = p;
			}
		}
		this.guardCache.set(b.node.id, guard);
		return guard;
	}

	private effectiveScope(o: Occurrence, occs: Occurrence[], declarations: Map<number, 'global' | 'nonlocal'>): Node {
		const declared = declarations.get(o.scope.id);
		if (!declared) {
			return o.scope;
		}
		if (declared === 'global') {
			return this.root;
		}
		// nonlocal: the nearest enclosing function scope that binds the name itself.
		for (let s = this.parentScope(o.scope); s; s = this.parentScope(s)) {
			const candidate = s;
			if ((candidate.type === 'function_definition' || candidate.type === 'lambda')
				&& occs.some((x) => x !== o && x.site && x.site.kind !== 'nonlocal' && x.site.kind !== 'global' && x.scope.id === candidate.id)) {
				return candidate;
			}
		}
		return o.scope;
	}

	private bindingScope(info: NameInfo, refScope: Node): Node | undefined {
		const decl = info.declarations.get(refScope.id);
		if (decl === 'global') {
			return this.root;
		}
		let first = true;
		for (let s: Node | null = decl ? this.parentScope(refScope) : refScope; s; s = this.parentScope(s)) {
			// Class bodies are visible only to code directly in them, not to nested functions.
			if (!first && s.type === 'class_definition') {
				continue;
			}
			first = false;
			if (info.bindingsByScope.has(s.id)) {
				return s;
			}
		}
		return undefined;
	}

	/** Node.parent walks the tree from the root in web-tree-sitter, so scope lookups are cached. */
	private scopeOfCached(node: Node): Node {
		const cached = this.scopeCache.get(node.id);
		if (cached) {
			return cached;
		}
		const scope = scopeOf(node);
		this.scopeCache.set(node.id, scope);
		return scope;
	}

	private parentScope(scope: Node): Node | null {
		if (scope.type === 'module' || !scope.parent) {
			return null;
		}
		if (this.parentScopeCache.has(scope.id)) {
			return this.parentScopeCache.get(scope.id)!;
		}
		const parent = scopeOf(scope);
		this.parentScopeCache.set(scope.id, parent);
		return parent;
	}
}

interface NameInfo {
	/** scope id -> the `global`/`nonlocal` declaration of the name in that scope */
	declarations: Map<number, 'global' | 'nonlocal'>;
	/** effective scope id -> its bindings of the name, by binding point */
	bindingsByScope: Map<number, Occurrence[]>;
	/** occurrence node id -> its scope */
	scopeByNode: Map<number, Node>;
}

/** Index of the last binding whose point is <= pos in a list sorted by point (-1: none); binary search. */
function lastAtOrBefore(sorted: readonly Occurrence[], pos: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid].point <= pos) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo - 1;
}

function lazyReference(node: Node): Occurrence {
	let scope: Node | undefined;
	return {
		node,
		site: null,
		point: node.startIndex,
		get scope(): Node {
			scope ??= scopeOf(node);
			return scope;
		},
	};
}

function bindingPoint(node: Node, site: BindingSite): number {
	switch (site.kind) {
		case 'param':
			return site.owner.startIndex;
		case 'for':
		case 'comprehension': {
			const left = site.owner.childForFieldName('left');
			return left ? left.endIndex : node.endIndex;
		}
		case 'except':
			return node.endIndex;
		default:
			return site.owner.endIndex;
	}
}
