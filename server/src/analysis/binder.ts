import type { Node } from 'web-tree-sitter';
import { BindingSite, classifyOccurrence, COMPREHENSION_TYPES, scopeOf } from './syntax';

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

	constructor(private readonly root: Node, private readonly text: string) {}

	/** Every identifier occurrence of `name` that is a binding or a reference (not keyword names or attributes). */
	occurrences(name: string): Occurrence[] {
		const cached = this.cache.get(name);
		if (cached) {
			return cached;
		}
		const out: Occurrence[] = [];
		for (let i = this.text.indexOf(name); i !== -1; i = this.text.indexOf(name, i + name.length)) {
			const end = i + name.length;
			if ((i > 0 && IDENT_CHAR.test(this.text[i - 1])) || (end < this.text.length && IDENT_CHAR.test(this.text[end]))) {
				continue;
			}
			const node = this.root.descendantForIndex(i, end);
			if (!node || node.type !== 'identifier' || node.startIndex !== i || node.endIndex !== end) {
				continue;
			}
			const site = classifyOccurrence(node);
			if (site === 'skip') {
				continue;
			}
			let scope = scopeOf(node);
			if (site && site.kind === 'walrus') {
				// PEP 572: an assignment expression binds in the nearest non-comprehension scope.
				while (COMPREHENSION_TYPES.has(scope.type) && scope.parent) {
					scope = scopeOf(scope);
				}
			}
			out.push({ node, scope, site, point: site ? bindingPoint(node, site) : i });
		}
		this.cache.set(name, out);
		return out;
	}

	/**
	 * Identifiers spelled `name` that are the attribute part of an `x.name` expression inside
	 * `within` (text search; comments and strings are never attribute names).
	 */
	attributeNames(name: string, within: Node): Node[] {
		const out: Node[] = [];
		const end = within.endIndex;
		for (let i = this.text.indexOf(name, within.startIndex); i !== -1 && i + name.length <= end; i = this.text.indexOf(name, i + name.length)) {
			const e = i + name.length;
			if ((i > 0 && IDENT_CHAR.test(this.text[i - 1])) || (e < this.text.length && IDENT_CHAR.test(this.text[e]))) {
				continue;
			}
			const node = this.root.descendantForIndex(i, e);
			const parent = node?.parent;
			if (node && node.type === 'identifier' && node.startIndex === i && parent && parent.type === 'attribute'
				&& parent.childForFieldName('attribute')?.id === node.id) {
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
	 * position stands for a reference, e.g. a string annotation) is evaluated.
	 */
	reaching(name: string, at: Node, pos = at.startIndex): Occurrence[] {
		const occs = this.occurrences(name);
		const refScope = scopeOf(at);
		const bindings = occs.filter((o) => o.site && o.site.kind !== 'global' && o.site.kind !== 'nonlocal' && o.site.kind !== 'delete');
		const effective = (o: Occurrence): Node => this.effectiveScope(name, o, occs);
		const scope = this.bindingScope(name, refScope, occs, bindings, effective);
		if (!scope) {
			return [];
		}
		const inScope = bindings.filter((b) => sameScope(effective(b), scope)).sort((a, b) => a.point - b.point);
		if (sameScope(scope, refScope)) {
			const before = inScope.filter((b) => b.point <= pos);
			if (before.length === 0) {
				// A use before any binding in its own scope: only a loop or a later call can make it
				// valid, and then any of the bindings may be current.
				return inScope;
			}
			return this.latestUndominated(before, scope, at);
		}
		// A use from a nested scope runs later (a function called after the module finished
		// executing): the bindings that survive to the end of the binding scope are the candidates.
		return this.latestUndominated(inScope, scope, null);
	}

	private latestUndominated(sorted: Occurrence[], scope: Node, at: Node | null): Occurrence[] {
		const out: Occurrence[] = [];
		for (let i = sorted.length - 1; i >= 0; i--) {
			const b = sorted[i];
			out.push(b);
			const guard = this.guardOf(b, scope);
			const dominates = at
				? guard.startIndex <= at.startIndex && at.endIndex <= guard.endIndex
				: sameScope(guard, scope);
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
		for (let p = b.node.parent; p && !sameScope(p, scope); p = p.parent) {
			if (p.type === 'block' && p.parent && p.parent.type !== 'with_statement' && !sameScope(p.parent, scope)) {
				guard = p;
				break;
			}
		}
		this.guardCache.set(b.node.id, guard);
		return guard;
	}

	private effectiveScope(name: string, o: Occurrence, occs: Occurrence[]): Node {
		const declared = occs.find((d) => d.site && (d.site.kind === 'global' || d.site.kind === 'nonlocal') && sameScope(d.scope, o.scope));
		if (!declared) {
			return o.scope;
		}
		if (declared.site!.kind === 'global') {
			return this.root;
		}
		// nonlocal: the nearest enclosing function scope that binds the name itself.
		for (let s = parentScope(o.scope); s; s = parentScope(s)) {
			if (s.type === 'function_definition' || s.type === 'lambda') {
				if (occs.some((x) => x !== o && x.site && x.site.kind !== 'nonlocal' && x.site.kind !== 'global' && sameScope(x.scope, s))) {
					return s;
				}
			}
		}
		void name;
		return o.scope;
	}

	private bindingScope(name: string, refScope: Node, occs: Occurrence[], bindings: Occurrence[], effective: (o: Occurrence) => Node): Node | undefined {
		const decl = occs.find((d) => d.site && (d.site.kind === 'global' || d.site.kind === 'nonlocal') && sameScope(d.scope, refScope));
		if (decl && decl.site!.kind === 'global') {
			return this.root;
		}
		let first = true;
		for (let s: Node | null = decl ? parentScope(refScope) : refScope; s; s = parentScope(s)) {
			// Class bodies are visible only to code directly in them, not to nested functions.
			if (!first && s.type === 'class_definition') {
				continue;
			}
			first = false;
			if (bindings.some((b) => sameScope(effective(b), s!))) {
				return s;
			}
		}
		void name;
		return undefined;
	}
}

function parentScope(scope: Node): Node | null {
	if (scope.type === 'module' || !scope.parent) {
		return null;
	}
	return scopeOf(scope);
}

function sameScope(a: Node, b: Node): boolean {
	return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
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
