import type { Node } from 'web-tree-sitter';
import type { ImportedName, ImportStatementInfo } from '../analysis/imports';
import { plainStringContent } from '../analysis/syntax';
import type { Resolved } from '../knowledge';
import { isLocalName, type FileContext } from './context';

// Import facts: every absolute import of a catalogued or tracked name, with what the knowledge
// says about it. `importlib.import_module("literal")` counts as an import spelled as a call.
// No verdict wording and no rule codes here: rules decide what each fact means.

/** `from m import ...` where `m` itself has a verdict (a moved package such as `mcp.server.fastmcp`). */
export interface ModuleImportFact {
	node: Node;
	moduleFqn: string;
	resolved: Resolved;
	statement: ImportStatementInfo;
}

/** `from m import *` from a catalogued or tracked module. */
export interface WildcardImportFact {
	node: Node;
	moduleFqn: string;
	moduleResolved?: Resolved;
}

/** One imported name (or `import a.b.c` path) that is catalogued, or tracked without an entry. */
export interface NameImportFact {
	node: Node;
	fqn: string;
	/** Absent for a name under a tracked module that the knowledge has no entry for. */
	resolved?: Resolved;
	form: 'from' | 'import';
	/** For from-imports: the module's own verdict, when it has one. */
	moduleResolved?: Resolved;
	moduleFqn?: string;
	statement: ImportStatementInfo;
	name: ImportedName;
}

/** `importlib.import_module("literal")` of a catalogued module. */
export interface ImportlibFact {
	/** The string content node (what a finding underlines). */
	node: Node;
	fqn: string;
	resolved: Resolved;
}

export interface ImportFacts {
	modules: ModuleImportFact[];
	wildcards: WildcardImportFact[];
	names: NameImportFact[];
	importlib: ImportlibFact[];
}

export function collectImportFacts(ctx: FileContext): ImportFacts {
	const { knowledge } = ctx;
	const out: ImportFacts = { modules: [], wildcards: [], names: [], importlib: [] };
	for (const statement of ctx.imports) {
		if (statement.relative) {
			continue;
		}
		if (statement.moduleNode && statement.moduleFqn) {
			const moduleFqn = statement.moduleFqn;
			if (isLocalName(ctx, moduleFqn)) {
				continue;
			}
			const moduleResolved = knowledge.lookup(moduleFqn);
			if (moduleResolved) {
				out.modules.push({ node: statement.moduleNode, moduleFqn, resolved: moduleResolved, statement });
			}
			if (statement.wildcard && (moduleResolved || knowledge.isTracked(moduleFqn))) {
				out.wildcards.push({ node: statement.wildcard, moduleFqn, moduleResolved });
			}
			for (const name of statement.names) {
				const resolved = knowledge.lookup(name.importedFqn);
				// A stdlib/third-party name an SDK module happens to re-bind is that package's, not the SDK's.
				if (resolved || (knowledge.isTracked(name.importedFqn) && !knowledge.isExternal(name.importedFqn))) {
					out.names.push({ node: name.nameNode, fqn: name.importedFqn, resolved, form: 'from', moduleResolved, moduleFqn, statement, name });
				}
			}
			continue;
		}
		for (const name of statement.names) {
			if (isLocalName(ctx, name.importedFqn)) {
				continue;
			}
			const resolved = knowledge.lookup(name.importedFqn);
			if (resolved || (knowledge.isTracked(name.importedFqn) && !knowledge.isExternal(name.importedFqn))) {
				out.names.push({ node: name.nameNode, fqn: name.importedFqn, resolved, form: 'import', statement, name });
			}
		}
	}
	for (const call of importModuleCalls(ctx)) {
		const first = call.childForFieldName('arguments')?.namedChild(0);
		const content = first ? plainStringContent(first) : null;
		if (!content || isLocalName(ctx, content.text)) {
			continue;
		}
		const resolved = knowledge.lookup(content.text);
		if (resolved) {
			out.importlib.push({ node: content, fqn: content.text, resolved });
		}
	}
	return out;
}

/**
 * Calls of `importlib.import_module(...)` (however importlib was imported): the callee is spelled
 * `import_module` and the evaluator confirms where it comes from.
 */
export function importModuleCalls(ctx: FileContext): Node[] {
	const out: Node[] = [];
	for (const id of ctx.binder.identifiers('import_module')) {
		const callee = id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id ? id.parent : id;
		const call = callee.parent;
		if (call && call.type === 'call' && call.childForFieldName('function')?.id === callee.id
			&& ctx.evaluator.valueOfExpr(callee).some((v) => v.kind === 'symbol' && v.fqn === 'importlib.import_module')) {
			out.push(call);
		}
	}
	return out;
}
