import type { Node } from 'web-tree-sitter';

// Small, allocation-light questions about tree-sitter-python nodes. Everything here walks *up*
// the tree (ancestors()) or across a node's own children: nothing recurses over a subtree, so
// deeply nested code cannot overflow the stack, and no climb costs more than O(depth).

export const SCOPE_TYPES = new Set([
	'module', 'function_definition', 'lambda', 'class_definition',
	'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);

export const COMPREHENSION_TYPES = new Set([
	'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);

/** Node types through which an assignment target can reach a bound name. */
const PATTERN_TYPES = new Set([
	'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression',
	'tuple', 'list', 'expression_list', 'as_pattern_target',
]);

/** Climbs this far with Node.parent before switching to one descent from the root. */
const SHORT_CLIMB = 8;

/**
 * The ancestors of `node`, nearest first. In web-tree-sitter every `Node.parent` call descends
 * from the root (O(depth)), so a climb by `parent` is O(depth²): 20,000 nested brackets took
 * half a minute. The first few ancestors still come from `parent` (cheapest in ordinary code);
 * the rest come from one descent from the root with `childWithDescendant`, O(depth) in all.
 * A generator, so callers that stop early pay for the steps they take.
 */
export function* ancestors(node: Node): Generator<Node, void, undefined> {
	let current = node;
	for (let i = 0; i < SHORT_CLIMB; i++) {
		const p = current.parent;
		if (!p) {
			return;
		}
		yield p;
		current = p;
	}
	const path = pathFromRoot(current);
	if (path) {
		for (let i = path.length - 1; i >= 0; i--) {
			yield path[i];
		}
		return;
	}
	// The descent lost the node (not expected): climb the slow, always-correct way.
	for (let p = current.parent; p; p = p.parent) {
		yield p;
	}
}

/** The nodes from the root down to `node`'s parent, or undefined when the descent loses `node`. */
function pathFromRoot(node: Node): Node[] | undefined {
	const out: Node[] = [];
	let current: Node | null = node.tree.rootNode;
	while (current && current.id !== node.id) {
		out.push(current);
		const next: Node | null = current.childWithDescendant(node);
		if (next && next.id === current.id) {
			return undefined;
		}
		current = next;
	}
	return current ? out : undefined;
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
	return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function fieldIs(parent: Node, fieldName: string, child: Node): boolean {
	const f = parent.childForFieldName(fieldName);
	return sameNode(f, child);
}

/**
 * The scope a name occurrence belongs to, following Python's rules: default values, annotations,
 * decorators and base classes are evaluated in the enclosing scope; a comprehension's first
 * iterable too. Returns the scope node (module, def, lambda, class, comprehension).
 */
export function scopeOf(node: Node): Node {
	let child = node;
	for (const p of ancestors(node)) {
		switch (p.type) {
			case 'module':
				return p;
			case 'function_definition':
				if (fieldIs(p, 'body', child)) {
					return p;
				}
				if (fieldIs(p, 'parameters', child) && isParameterName(node)) {
					return p;
				}
				break;
			case 'lambda':
				if (fieldIs(p, 'body', child)) {
					return p;
				}
				if (fieldIs(p, 'parameters', child) && isParameterName(node)) {
					return p;
				}
				break;
			case 'class_definition':
				if (fieldIs(p, 'body', child)) {
					return p;
				}
				break;
			case 'list_comprehension':
			case 'set_comprehension':
			case 'dictionary_comprehension':
			case 'generator_expression': {
				const first = firstForInClause(p);
				if (first && sameNode(first, child) && isInsideField(first, 'right', node)) {
					break;
				}
				return p;
			}
		}
		child = p;
	}
	return child;
}

/**
 * The comprehension's first `for` clause: child by child, stopping at the first (it follows the
 * body), so a comprehension with thousands of clauses is not copied out once per name in it.
 */
function firstForInClause(comp: Node): Node | null {
	const count = comp.namedChildCount;
	for (let i = 0; i < count; i++) {
		const c = comp.namedChild(i);
		if (c && c.type === 'for_in_clause') {
			return c;
		}
	}
	return null;
}

function isInsideField(parent: Node, fieldName: string, node: Node): boolean {
	const f = parent.childForFieldName(fieldName);
	return !!f && f.startIndex <= node.startIndex && node.endIndex <= f.endIndex;
}

/** True when an identifier is the declared name of a parameter (not inside its default or annotation). */
export function isParameterName(id: Node): boolean {
	let n: Node = id;
	let p = id.parent;
	// *args / **kwargs
	if (p && (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern')) {
		n = p;
		p = p.parent;
	}
	if (!p) {
		return false;
	}
	if (p.type === 'parameters' || p.type === 'lambda_parameters') {
		return true;
	}
	if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
		return fieldIs(p, 'name', n);
	}
	if (p.type === 'typed_parameter') {
		const t = p.childForFieldName('type');
		return !sameNode(t, n) && !!p.parent && (p.parent.type === 'parameters' || p.parent.type === 'lambda_parameters');
	}
	return false;
}

export type BindingKind =
	| 'import' | 'assign' | 'annotated' | 'augmented' | 'for' | 'with' | 'except' | 'walrus'
	| 'def' | 'class' | 'param' | 'comprehension' | 'global' | 'nonlocal' | 'delete' | 'match';

export interface BindingSite {
	kind: BindingKind;
	/** The statement-like node that performs the binding (assignment, with_item, import, ...). */
	owner: Node;
}

/**
 * Classifies a name occurrence: a binding site (and of which kind) or null for a plain reference.
 * Identifiers that are neither (keyword-argument names, attribute names, module paths inside
 * import statements) are reported as 'skip'.
 */
export function classifyOccurrence(id: Node): BindingSite | 'skip' | null {
	const p = id.parent;
	if (!p) {
		return null;
	}
	switch (p.type) {
		case 'keyword_argument':
			return fieldIs(p, 'name', id) ? 'skip' : null;
		case 'attribute':
			return fieldIs(p, 'attribute', id) ? 'skip' : null;
		case 'function_definition':
			return fieldIs(p, 'name', id) ? { kind: 'def', owner: p } : null;
		case 'class_definition':
			return fieldIs(p, 'name', id) ? { kind: 'class', owner: p } : null;
		case 'global_statement':
			return { kind: 'global', owner: p };
		case 'nonlocal_statement':
			return { kind: 'nonlocal', owner: p };
		case 'delete_statement':
			return { kind: 'delete', owner: p };
		case 'named_expression':
			return fieldIs(p, 'name', id) ? { kind: 'walrus', owner: p } : null;
		case 'keyword_pattern':
			return 'skip';
		case 'dotted_name': {
			const gp = p.parent;
			if (gp && (gp.type === 'import_statement' || gp.type === 'import_from_statement'
				|| gp.type === 'aliased_import' || gp.type === 'relative_import' || gp.type === 'future_import_statement')) {
				return importOccurrence(id, p, gp);
			}
			return null;
		}
		case 'aliased_import':
			return fieldIs(p, 'alias', id) ? { kind: 'import', owner: importStatementOf(p) } : 'skip';
	}
	if (isParameterName(id)) {
		const fn = enclosingFunction(id);
		return fn ? { kind: 'param', owner: fn } : null;
	}
	// Assignment-like targets, reached only through pattern nodes (a long run of them, e.g.
	// thousands of nested parentheses, is climbed in O(depth) by ancestors()).
	let child: Node = id;
	let q: Node | null = null;
	const up = ancestors(id);
	for (let next = up.next(); !next.done; next = up.next()) {
		q = next.value;
		if (!PATTERN_TYPES.has(q.type)) {
			break;
		}
		if (q.type === 'as_pattern_target') {
			const asPattern = up.next();
			const owner = asPattern.done ? undefined : up.next();
			const ownerNode = owner && !owner.done ? owner.value : undefined;
			if (ownerNode?.type === 'with_item') {
				return { kind: 'with', owner: ownerNode };
			}
			if (ownerNode?.type === 'except_clause') {
				return { kind: 'except', owner: ownerNode };
			}
			return { kind: 'assign', owner: asPattern.done ? q : asPattern.value };
		}
		child = q;
		q = null;
	}
	if (!q) {
		return null;
	}
	switch (q.type) {
		case 'assignment':
			if (fieldIs(q, 'left', child)) {
				return { kind: q.childForFieldName('right') ? (q.childForFieldName('type') ? 'annotated' : 'assign') : 'annotated', owner: q };
			}
			return null;
		case 'augmented_assignment':
			return fieldIs(q, 'left', child) ? { kind: 'augmented', owner: q } : null;
		case 'for_statement':
			return fieldIs(q, 'left', child) ? { kind: 'for', owner: q } : null;
		case 'for_in_clause':
			return fieldIs(q, 'left', child) ? { kind: 'comprehension', owner: q } : null;
		case 'case_pattern':
			return child.type === 'identifier' ? { kind: 'match', owner: q } : null;
	}
	return null;
}

function importOccurrence(id: Node, dotted: Node, parent: Node): BindingSite | 'skip' {
	const stmt = importStatementOf(parent);
	if (parent.type === 'import_statement' || (parent.type === 'aliased_import' && parent.parent?.type === 'import_statement')) {
		// `import a.b.c` binds `a`; `import a.b.c as x` binds only x.
		if (parent.type === 'aliased_import') {
			return 'skip';
		}
		const first = dotted.namedChild(0);
		return sameNode(first, id) ? { kind: 'import', owner: stmt } : 'skip';
	}
	if (parent.type === 'import_from_statement' && parent.childrenForFieldName('name').some((c) => sameNode(c, dotted))) {
		return { kind: 'import', owner: stmt };
	}
	return 'skip';
}

export function importStatementOf(node: Node): Node {
	if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement') {
		return node;
	}
	for (const p of ancestors(node)) {
		if (p.type === 'import_statement' || p.type === 'import_from_statement' || p.type === 'future_import_statement') {
			return p;
		}
	}
	return node;
}

function enclosingFunction(id: Node): Node | null {
	for (const p of ancestors(id)) {
		if (p.type === 'function_definition' || p.type === 'lambda') {
			return p;
		}
	}
	return null;
}

/** The text of a string literal's body when it is a plain, escape-free single string (for forward references). */
export function plainStringContent(str: Node): Node | null {
	if (str.type !== 'string') {
		return null;
	}
	let content: Node | null = null;
	for (const c of str.namedChildren) {
		if (!c) {
			continue;
		}
		if (c.type === 'string_content') {
			if (content) {
				return null;
			}
			content = c;
		} else if (c.type === 'interpolation' || c.type === 'escape_sequence') {
			return null;
		}
	}
	const start = str.firstChild;
	if (start && /[bfBF]/.test(start.text)) {
		return null;
	}
	return content;
}

/** True when the node sits inside a type annotation (parameter, return, or variable annotation). */
export function inAnnotation(node: Node): boolean {
	for (const p of ancestors(node)) {
		if (p.type === 'type') {
			return true;
		}
		if (p.type.endsWith('_statement') || p.type === 'block' || p.type === 'module'
			|| p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') {
			return false;
		}
	}
	return false;
}

export function keywordArguments(call: Node): Map<string, Node> {
	const out = new Map<string, Node>();
	const args = call.childForFieldName('arguments');
	if (!args || args.type !== 'argument_list') {
		return out;
	}
	for (const a of args.namedChildren) {
		if (a && a.type === 'keyword_argument') {
			const name = a.childForFieldName('name');
			if (name) {
				out.set(name.text, a);
			}
		}
	}
	return out;
}

export function positionalArguments(call: Node): Node[] {
	const args = call.childForFieldName('arguments');
	if (!args || args.type !== 'argument_list') {
		return [];
	}
	const out: Node[] = [];
	for (const a of args.namedChildren) {
		if (!a || a.type === 'keyword_argument' || a.type === 'comment') {
			continue;
		}
		if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
			break;
		}
		out.push(a);
	}
	return out;
}

export function hasSplatArguments(call: Node): boolean {
	const args = call.childForFieldName('arguments');
	return !!args && args.namedChildren.some((a) => a && (a.type === 'list_splat' || a.type === 'dictionary_splat'));
}

/** Strips parentheses and `await` around an expression. */
export function unwrapExpression(node: Node): Node {
	let n = node;
	for (;;) {
		if (n.type === 'parenthesized_expression' && n.namedChildCount === 1 && n.namedChild(0)) {
			n = n.namedChild(0)!;
		} else if (n.type === 'await' && n.namedChild(0)) {
			n = n.namedChild(0)!;
		} else {
			return n;
		}
	}
}
