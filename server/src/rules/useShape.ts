import type { Node } from 'web-tree-sitter';
import { inAnnotation, sameNode } from '../analysis/syntax';
import type { UseFact } from '../facts/uses';

// The shape of one use of a catalogued name, read from the syntax around it: what the line does
// with the name decides whether a V2 change reaches it (a class that changed is harmless in an
// annotation, breaks in an `isinstance` whose bases moved). Not the verdict itself: the rules
// combine the shape with the entry's status (rules/useVerdict.ts).

export type UseShape =
	/** `x: Name`, `-> Name`, `"Name"` forward references. */
	| 'annotation'
	/** `class Mine(Name):`. */
	| 'base'
	/** `isinstance(x, Name)` / `issubclass(C, (Name, Other))`. */
	| 'isinstance'
	/** `Name(...)`. */
	| 'call'
	/** `Name.attr` where the chain stopped (an uncatalogued member of the name). */
	| 'member'
	/** Anything else: passed as a value, assigned, returned. */
	| 'value';

export function useShape(use: UseFact): UseShape {
	const expr = use.expr;
	if (!expr) {
		return 'annotation'; // only string annotations lose their node
	}
	if (inAnnotation(expr)) {
		return 'annotation';
	}
	const p = expr.parent;
	if (!p) {
		return 'value';
	}
	if (p.type === 'call' && sameNode(p.childForFieldName('function'), expr)) {
		return 'call';
	}
	if (p.type === 'attribute' && sameNode(p.childForFieldName('object'), expr)) {
		return 'member';
	}
	if (p.type === 'argument_list' && p.parent?.type === 'class_definition') {
		return 'base';
	}
	if (isinstanceClassArgument(expr)) {
		return 'isinstance';
	}
	return 'value';
}

/** Whether `expr` is (an item of a tuple that is) the class argument of isinstance/issubclass. */
function isinstanceClassArgument(expr: Node): boolean {
	let arg: Node = expr;
	if (arg.parent?.type === 'tuple' || arg.parent?.type === 'parenthesized_expression') {
		arg = arg.parent;
	}
	const list = arg.parent;
	const call = list?.parent;
	if (!list || list.type !== 'argument_list' || !call || call.type !== 'call') {
		return false;
	}
	const fn = call.childForFieldName('function');
	if (fn?.type !== 'identifier' || (fn.text !== 'isinstance' && fn.text !== 'issubclass')) {
		return false;
	}
	return sameNode(list.namedChildren[1], arg);
}
