import type { Node } from 'web-tree-sitter';
import { describeImport } from '../../analysis/imports';
import { resolveRelative, type Evaluator, type ProjectSymbol, type TypeValue, type Value } from '../../analysis/values';

// One module's entry in the project index, read off its syntax tree with its own evaluator (which
// sees the rest of the project through the index): the names it binds at top level and what each
// stands for. Classes carry what the rules need across files: SDK bases, the constructor
// `super().__init__` reaches, attribute and method types (inherited ones merged in by the index).
// Plain data, so it outlives the tree and crosses to the analysis worker. Not a binder.

/** A top-level name as recorded: a ProjectSymbol, or an import / alias pointing at another name. */
export type ModuleEntry = ProjectSymbol | { kind: 'alias'; target: string } | ClassEntry;

/** A class before inheritance from project bases is merged in (the index does that on lookup). */
export interface ClassEntry {
	kind: 'class-local';
	sdkBases: string[];
	constructorBases: string[];
	projectBases: string[];
	definesInit: boolean;
	attrs: Record<string, TypeValue[]>;
	methods: Record<string, TypeValue[]>;
}

export interface ModuleSummary {
	module: string;
	names: Map<string, ModuleEntry>;
	/** Project modules this module imports (its dependencies in the index). */
	imports: Set<string>;
}

export function summarize(root: Node, module: string, isPackage: boolean, evaluator: Evaluator, isProject: (fqn: string) => boolean): ModuleSummary {
	const names = new Map<string, ModuleEntry>();
	const imports = new Set<string>();
	for (const child of root.namedChildren) {
		const st = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
		if (!st) {
			continue;
		}
		switch (st.type) {
			case 'import_statement':
			case 'import_from_statement': {
				const info = describeImport(st);
				const from = info.relative ? (info.moduleNode ? resolveRelative(info.moduleNode.text, module, isPackage) : undefined) : info.moduleFqn;
				for (const n of info.names) {
					const target = st.type === 'import_statement' ? n.boundFqn : from ? `${from}.${n.nameNode.text}` : undefined;
					if (target) {
						names.set(n.localName, { kind: 'alias', target });
						if (isProject(target)) {
							imports.add(from ?? target);
						}
					}
				}
				if (from && isProject(from)) {
					imports.add(from);
				}
				break;
			}
			case 'class_definition': {
				const name = st.childForFieldName('name')?.text;
				if (name) {
					names.set(name, classEntry(st, evaluator));
				}
				break;
			}
			case 'function_definition': {
				const name = st.childForFieldName('name')?.text;
				const returns = st.childForFieldName('return_type');
				if (name) {
					names.set(name, { kind: 'function', returns: returns ? typeValues(evaluator.instancesOfAnnotation(returns)) : [] });
				}
				break;
			}
			case 'expression_statement': {
				// `Verifier = TokenVerifier`: a module-level alias of another name.
				const assignment = st.namedChild(0);
				const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
				const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
				if (left?.type === 'identifier' && right && (right.type === 'identifier' || right.type === 'attribute')) {
					for (const v of evaluator.valueOfExpr(right)) {
						if (v.kind === 'symbol' || v.kind === 'project') {
							names.set(left.text, { kind: 'alias', target: v.fqn });
						}
					}
				}
				break;
			}
		}
	}
	return { module, names, imports };
}

function classEntry(cls: Node, evaluator: Evaluator): ClassEntry {
	const attrs: Record<string, TypeValue[]> = {};
	const methods: Record<string, TypeValue[]> = {};
	let definesInit = false;
	const body = cls.childForFieldName('body');
	for (const child of body?.namedChildren ?? []) {
		const st = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
		if (st?.type === 'function_definition') {
			const name = st.childForFieldName('name')?.text;
			const returns = st.childForFieldName('return_type');
			if (name === '__init__') {
				definesInit = true;
			}
			if (name && returns) {
				const types = typeValues(evaluator.instancesOfAnnotation(returns));
				if (types.length > 0) {
					methods[name] = types;
				}
			}
		} else if (st?.type === 'expression_statement') {
			// `session: ClientSession` / `session: ClientSession = None` in the class body.
			const assignment = st.namedChild(0);
			const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
			const type = assignment?.childForFieldName('type');
			if (left?.type === 'identifier' && type) {
				const types = typeValues(evaluator.instancesOfAnnotation(type));
				if (types.length > 0) {
					attrs[left.text] = types;
				}
			}
		}
	}
	// `self.session = ...` / `self.session: T = ...` in the methods: the evaluator's own reading
	// of `self.x` (every assignment in the class) gives the type.
	for (const match of cls.text.matchAll(/\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)/g)) {
		const name = match[1];
		if (attrs[name]) {
			continue;
		}
		const site = cls.descendantForIndex(cls.startIndex + match.index! + 5, cls.startIndex + match.index! + 5 + name.length);
		const attribute = site?.parent;
		if (attribute?.type === 'attribute') {
			const types = typeValues(evaluator.valueOfExpr(attribute));
			if (types.length > 0) {
				attrs[name] = types;
			}
		}
	}
	return {
		kind: 'class-local',
		sdkBases: evaluator.baseClasses(cls),
		constructorBases: definesInit ? [] : evaluator.constructorClasses(cls),
		projectBases: evaluator.projectBases(cls),
		definesInit,
		attrs,
		methods,
	};
}

function typeValues(values: Value[]): TypeValue[] {
	return values.filter((v): v is TypeValue => v.kind === 'instance' || v.kind === 'sequence');
}
