import type { Node } from 'web-tree-sitter';

// Grammar-level checks that CPython's compiler makes but tree-sitter-python's grammar does not:
// code that parses cleanly yet fails `python -m py_compile` with a SyntaxError. The fix guard
// (Engine.rewriteProblem) uses them so `--fix`, `--unsafe-fixes` and fix-all refuse a rewrite that
// would, for example, merge two `port=` keywords into one call.
//
// Covered: a keyword repeated in one call or class header, a positional argument after a keyword
// argument or after `**kwargs`, `*args` after `**kwargs`, and a parameter name repeated in a def or
// lambda. NOT a Python compiler: it does not check scoping (`nonlocal`, `return` outside a def),
// assignment targets, or anything tree-sitter already reports as an ERROR node.

export interface CompileProblem {
	/** CPython's wording, e.g. "keyword argument repeated: port". */
	message: string;
	/** 1-based line of the offending node, for messages. */
	line: number;
}

/** Every problem of these kinds in the tree, in document order. */
export function compileProblems(root: Node): CompileProblem[] {
	const out: CompileProblem[] = [];
	// descendantsOfType runs inside the parser's own code: no recursion here however deep the tree.
	for (const node of root.descendantsOfType(['argument_list', 'parameters', 'lambda_parameters'])) {
		if (!node) {
			continue;
		}
		if (node.type === 'argument_list') {
			checkArguments(node, out);
		} else {
			checkParameters(node, out);
		}
	}
	return out;
}

/**
 * The first problem `after` has more often than `before` (same message), or undefined: a rewrite
 * must not add one, though a file that already had one may still be fixed elsewhere.
 */
export function introducedProblem(before: readonly CompileProblem[], after: readonly CompileProblem[]): CompileProblem | undefined {
	const counts = new Map<string, number>();
	for (const p of before) {
		counts.set(p.message, (counts.get(p.message) ?? 0) + 1);
	}
	for (const p of after) {
		const left = counts.get(p.message) ?? 0;
		if (left === 0) {
			return p;
		}
		counts.set(p.message, left - 1);
	}
	return undefined;
}

function problem(node: Node, message: string): CompileProblem {
	return { message, line: node.startPosition.row + 1 };
}

function checkArguments(list: Node, out: CompileProblem[]): void {
	const keywords = new Set<string>();
	let sawKeyword = false;
	let sawKeywordUnpacking = false;
	for (const arg of list.namedChildren) {
		if (!arg || arg.type === 'comment') {
			continue;
		}
		switch (arg.type) {
			case 'keyword_argument': {
				const name = arg.childForFieldName('name')?.text ?? '';
				if (name !== '' && keywords.has(name)) {
					out.push(problem(arg, `keyword argument repeated: ${name}`));
				}
				keywords.add(name);
				sawKeyword = true;
				break;
			}
			case 'dictionary_splat':
				sawKeywordUnpacking = true;
				break;
			case 'list_splat':
				// `f(a=1, *rest)` is legal; `f(**kw, *rest)` is not.
				if (sawKeywordUnpacking) {
					out.push(problem(arg, 'iterable argument unpacking follows keyword argument unpacking'));
				}
				break;
			default:
				if (sawKeywordUnpacking) {
					out.push(problem(arg, 'positional argument follows keyword argument unpacking'));
				} else if (sawKeyword) {
					out.push(problem(arg, 'positional argument follows keyword argument'));
				}
		}
	}
}

function checkParameters(params: Node, out: CompileProblem[]): void {
	const names = new Set<string>();
	for (const param of params.namedChildren) {
		const name = param ? parameterName(param) : undefined;
		if (!param || name === undefined) {
			continue;
		}
		if (names.has(name)) {
			out.push(problem(param, `duplicate argument '${name}' in function definition`));
		}
		names.add(name);
	}
}

/** The name a parameter binds: `x`, `x=1`, `x: int`, `x: int = 1`, `*x`, `**x` (not `*`, `/`). */
function parameterName(param: Node): string | undefined {
	switch (param.type) {
		case 'identifier':
			return param.text;
		case 'default_parameter':
		case 'typed_default_parameter':
			return identifierText(param.childForFieldName('name'));
		case 'typed_parameter':
		case 'list_splat_pattern':
		case 'dictionary_splat_pattern':
			return identifierText(param.namedChildren.find((c) => c?.type !== 'comment') ?? null);
		default:
			return undefined;
	}
}

function identifierText(node: Node | null): string | undefined {
	if (!node) {
		return undefined;
	}
	if (node.type === 'identifier') {
		return node.text;
	}
	// typed_parameter wraps `*args: int` as a splat pattern around the name.
	if (node.type === 'list_splat_pattern' || node.type === 'dictionary_splat_pattern') {
		return identifierText(node.namedChildren.find((c) => c?.type === 'identifier') ?? null);
	}
	return undefined;
}

/** What a parse of a whole text says: tree-sitter's errors and the problems above. */
export interface SourceCheck {
	syntaxError: boolean;
	problems: CompileProblem[];
}

/**
 * The fix guard for rewrites of `original`: why a candidate text must not replace it (a syntax
 * error the original did not have, or a new compile problem), or undefined when it may.
 * `check` is Engine.checkSource.
 */
export function rewriteGuard(check: (text: string) => SourceCheck, original: string): (text: string) => string | undefined {
	const before = check(original);
	return (text) => {
		const after = check(text);
		if (after.syntaxError && !before.syntaxError) {
			return 'the fixed text does not parse cleanly';
		}
		const added = introducedProblem(before.problems, after.problems);
		return added ? `the fixed text would not compile (line ${added.line}: ${added.message})` : undefined;
	};
}
