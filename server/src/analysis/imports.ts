import type { Node } from 'web-tree-sitter';

// Import statements turned into facts: which local name each one binds and what fully-qualified
// module or object that name stands for. Relative imports (`from . import mcp`) are kept but
// marked: they never resolve to an installed SDK.

export interface ImportedName {
	/** The name bound in the importing scope (`a` for `import a.b.c`). */
	localName: string;
	/** What the local name stands for (`a` for `import a.b.c`, `a.b.c` for `import a.b.c as x`). */
	boundFqn: string;
	/** What the statement imports and MCP101 reports (`a.b.c` for `import a.b.c`). */
	importedFqn: string;
	/** Range node for MCP101: the dotted path of `import a.b.c`, or the imported name of a from-import. */
	nameNode: Node;
	/** The identifier that is the binding occurrence of localName. */
	bindingNode: Node;
}

export interface ImportStatementInfo {
	statement: Node;
	/** from-imports: the module path node and its FQN (absolute imports only). */
	moduleNode?: Node;
	moduleFqn?: string;
	relative: boolean;
	wildcard?: Node;
	names: ImportedName[];
}

export function describeImport(stmt: Node): ImportStatementInfo {
	if (stmt.type === 'import_statement') {
		const names: ImportedName[] = [];
		for (const item of stmt.childrenForFieldName('name')) {
			if (!item) {
				continue;
			}
			if (item.type === 'dotted_name') {
				const first = item.namedChild(0);
				if (first && first.text !== '') {
					names.push({ localName: first.text, boundFqn: first.text, importedFqn: dottedText(item), nameNode: item, bindingNode: first });
				}
			} else if (item.type === 'aliased_import') {
				const dotted = item.childForFieldName('name');
				const alias = item.childForFieldName('alias');
				if (dotted && alias && alias.text !== '' && dottedText(dotted) !== '') {
					const fqn = dottedText(dotted);
					names.push({ localName: alias.text, boundFqn: fqn, importedFqn: fqn, nameNode: dotted, bindingNode: alias });
				}
			}
		}
		return { statement: stmt, relative: false, names };
	}
	const moduleNode = stmt.childForFieldName('module_name') ?? undefined;
	const relative = !moduleNode || moduleNode.type === 'relative_import';
	const moduleFqn = moduleNode && !relative ? dottedText(moduleNode) : undefined;
	const info: ImportStatementInfo = { statement: stmt, moduleNode, moduleFqn, relative, names: [] };
	for (const c of stmt.namedChildren) {
		if (c && c.type === 'wildcard_import') {
			info.wildcard = c;
		}
	}
	for (const item of stmt.childrenForFieldName('name')) {
		if (!item) {
			continue;
		}
		const dotted = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
		const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : dotted?.namedChild(0);
		// Error recovery yields zero-width identifiers while a user types (`import (\n ,\n)`): no name.
		if (!dotted || !alias || alias.text === '' || dottedText(dotted) === '') {
			continue;
		}
		const fqn = moduleFqn ? `${moduleFqn}.${dottedText(dotted)}` : '';
		info.names.push({ localName: alias.text, boundFqn: fqn, importedFqn: fqn, nameNode: dotted, bindingNode: alias });
	}
	return info;
}

/** A dotted name's text without whitespace or comments that may sit between its parts. */
export function dottedText(node: Node): string {
	if (node.type !== 'dotted_name') {
		return node.text;
	}
	const parts: string[] = [];
	for (const c of node.namedChildren) {
		if (c && c.type === 'identifier') {
			parts.push(c.text);
		}
	}
	return parts.join('.');
}
