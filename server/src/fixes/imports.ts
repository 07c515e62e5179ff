import type { Node } from 'web-tree-sitter';
import type { ImportedName, ImportStatementInfo } from '../analysis/imports';
import type { Fix, FixSafety, TextReplacement } from '../analysis/model';
import { plainStringContent, sameNode } from '../analysis/syntax';
import type { FileContext } from '../facts/context';
import { eolOf, hasCommentWithin, indentAt, lineEndAt, lineStartAt, replaceNode } from './edits';
import { occurrences } from '../analysis/textSearch';

// Import rewrites driven by the knowledge entries' `fix` data ({module, name}):
//   from mcp.server.fastmcp import Context, FastMCP  ->  from mcp.server.mcpserver import Context, MCPServer
// with every reference of a renamed local name renamed too (the binder decides which references
// the import's binding reaches). Names without a V2 home stay where they are (the statement is
// split). `import mcp.server.fastmcp as fm` gets its module path rewritten (and `fm.FastMCP`
// renamed). Also: adding one import into the file's import block, never twice.

export interface ImportFix {
	fix: Fix;
	/** Binding identifiers (start offsets) whose uses this fix repairs. */
	covers: Set<number>;
}

interface Target {
	name: ImportedName;
	module: string;
	newName: string;
}

const memo = new WeakMap<FileContext, Map<number, ImportFix | null>>();

/** The rewrite of one import statement, computed once per analysis. */
export function importStatementFix(ctx: FileContext, info: ImportStatementInfo): ImportFix | undefined {
	let byStatement = memo.get(ctx);
	if (!byStatement) {
		byStatement = new Map();
		memo.set(ctx, byStatement);
	}
	const key = info.statement.startIndex;
	if (!byStatement.has(key)) {
		let result: ImportFix | undefined;
		if (!info.relative && !info.wildcard) {
			result = info.statement.type === 'import_from_statement' ? fromImportFix(ctx, info) : moduleImportFix(ctx, info);
		}
		byStatement.set(key, result ?? null);
	}
	return byStatement.get(key) ?? undefined;
}

/** The import fix that repairs uses of the name bound at `binding` (an import binding identifier). */
export function importFixForBinding(ctx: FileContext, binding: Node): ImportFix | undefined {
	for (const info of ctx.imports) {
		if (info.statement.startIndex <= binding.startIndex && binding.endIndex <= info.statement.endIndex) {
			const found = importStatementFix(ctx, info);
			return found && found.covers.has(binding.startIndex) ? found : undefined;
		}
	}
	return undefined;
}

function fromImportFix(ctx: FileContext, info: ImportStatementInfo): ImportFix | undefined {
	const { knowledge } = ctx;
	if (!info.moduleFqn || !info.moduleNode) {
		return undefined;
	}
	const moduleEntry = knowledge.lookup(info.moduleFqn);
	const moduleFix = moduleEntry && !moduleEntry.derived ? moduleEntry.entry.fix?.module : undefined;
	const targets: Target[] = [];
	const staying: ImportedName[] = [];
	for (const name of info.names) {
		const found = knowledge.lookup(name.importedFqn);
		const fix = found && !found.derived ? found.entry.fix : undefined;
		const module = fix && (fix.module || fix.name) ? fix.module ?? moduleFix : undefined;
		const importedName = name.nameNode.text;
		if (!module) {
			staying.push(name);
			continue;
		}
		const newName = fix!.name ?? importedName;
		if (module === info.moduleFqn && newName === importedName) {
			staying.push(name);
			continue;
		}
		targets.push({ name, module, newName });
	}
	if (targets.length === 0) {
		return undefined;
	}
	const edits: TextReplacement[] = [];
	let safety: FixSafety = 'safe';
	const modules = [...new Set(targets.map((t) => t.module))];
	if (staying.length === 0 && modules.length === 1) {
		edits.push(replaceNode(info.moduleNode, modules[0]));
		for (const t of targets) {
			if (t.newName !== t.name.nameNode.text) {
				edits.push(replaceNode(t.name.nameNode, t.newName));
			}
		}
	} else {
		const split = splitStatement(ctx, info, staying, targets);
		if (!split) {
			return undefined;
		}
		edits.push(...split.edits);
		if (split.review) {
			safety = 'review';
		}
	}
	for (const t of targets) {
		const aliased = t.name.localName !== t.name.nameNode.text;
		if (aliased) {
			safety = 'review';
			continue;
		}
		if (t.newName === t.name.localName) {
			continue;
		}
		const renamed = renameReferences(ctx, t.name.bindingNode, t.name.localName, t.newName);
		edits.push(...renamed.edits);
		if (renamed.review) {
			safety = 'review';
		}
	}
	const renamed = targets.filter((t) => t.newName !== t.name.nameNode.text).map((t) => `\`${t.newName}\``);
	const title = renamed.length > 0
		? `Replace with ${renamed.join(', ')}`
		: `Import ${targets.map((t) => `\`${t.newName}\``).join(', ')} from \`${modules.join('`, `')}\``;
	return { fix: { title, safety, edits }, covers: new Set(targets.map((t) => t.name.bindingNode.startIndex)) };
}

/** Removes the moved names from the statement and adds one `from M import ...` per target module after it. */
function splitStatement(ctx: FileContext, info: ImportStatementInfo, staying: ImportedName[], targets: Target[]): { edits: TextReplacement[]; review: boolean } | undefined {
	const { text } = ctx;
	const stmt = info.statement;
	const eol = eolOf(text);
	const indent = indentAt(text, stmt.startIndex);
	const byModule = new Map<string, string[]>();
	for (const t of targets) {
		const aliased = t.name.localName !== t.name.nameNode.text;
		const item = aliased ? `${t.newName} as ${t.name.localName}` : t.newName;
		byModule.set(t.module, [...(byModule.get(t.module) ?? []), item]);
	}
	const added = [...byModule].map(([m, names]) => `from ${m} import ${names.join(', ')}`);
	if (staying.length === 0) {
		return { edits: [{ span: { start: stmt.startIndex, end: stmt.endIndex }, newText: added.join(eol + indent) }], review: hasCommentWithin(stmt, stmt.startIndex, stmt.endIndex) };
	}
	const items = stmt.childrenForFieldName('name').filter((c): c is Node => !!c);
	const first = items[0];
	const last = items[items.length - 1];
	if (!first || !last) {
		return undefined;
	}
	const itemText = (n: ImportedName) => {
		const item = items.find((i) => i.startIndex <= n.nameNode.startIndex && n.nameNode.endIndex <= i.endIndex);
		return item ? item.text : n.nameNode.text;
	};
	const multiLine = items.length > 1 && lineEndAt(text, first.startIndex) < items[1].startIndex;
	const separator = multiLine ? `,${eol}${indentAt(text, first.startIndex)}` : ', ';
	const edits: TextReplacement[] = [
		{ span: { start: first.startIndex, end: last.endIndex }, newText: staying.map(itemText).join(separator) },
	];
	const at = lineEndAt(text, stmt.endIndex);
	edits.push({ span: { start: at, end: at }, newText: added.map((a) => eol + indent + a).join('') });
	return { edits, review: hasCommentWithin(stmt, first.startIndex, last.endIndex) };
}

/** `import mcp.server.fastmcp as fm`: the module path, and `fm.FastMCP`-style attribute uses. */
function moduleImportFix(ctx: FileContext, info: ImportStatementInfo): ImportFix | undefined {
	const edits: TextReplacement[] = [];
	const covers = new Set<number>();
	let safety: FixSafety = 'safe';
	for (const name of info.names) {
		const aliased = name.bindingNode.startIndex !== name.nameNode.startIndex;
		const found = ctx.knowledge.lookup(name.importedFqn);
		const module = found && !found.derived ? found.entry.fix?.module : undefined;
		if (!aliased || !module || found!.entry.kind !== 'module') {
			continue;
		}
		edits.push(replaceNode(name.nameNode, module));
		covers.add(name.bindingNode.startIndex);
		const refs = reachedReferences(ctx, name.bindingNode, name.localName);
		if (refs.shadowed) {
			safety = 'review';
		}
		for (const ref of refs.nodes) {
			const attribute = ref.parent;
			const attr = attribute?.type === 'attribute' && sameNode(attribute.childForFieldName('object'), ref) ? attribute.childForFieldName('attribute') : null;
			if (!attr) {
				continue;
			}
			const member = ctx.knowledge.lookup(`${name.importedFqn}.${attr.text}`);
			const fix = member && !member.derived ? member.entry.fix : undefined;
			if (fix?.name && fix.name !== attr.text && (fix.module ?? module) === module) {
				edits.push(replaceNode(attr, fix.name));
			}
		}
	}
	if (edits.length === 0) {
		return undefined;
	}
	return { fix: { title: `Import \`${edits[0].newText}\` instead`, safety, edits }, covers };
}

interface Reached {
	nodes: Node[];
	/** The name is bound elsewhere too, or a reference may see another binding. */
	shadowed: boolean;
}

/** The references of `name` that the binding at `binding` reaches. */
function reachedReferences(ctx: FileContext, binding: Node, name: string): Reached {
	const occs = ctx.binder.occurrences(name);
	let shadowed = occs.some((o) => o.site && o.node.startIndex !== binding.startIndex);
	const nodes: Node[] = [];
	for (const o of occs) {
		if (o.site) {
			continue;
		}
		const reaching = ctx.binder.reaching(name, o.node);
		if (!reaching.some((b) => b.node.startIndex === binding.startIndex)) {
			continue;
		}
		if (reaching.length > 1) {
			shadowed = true;
		}
		nodes.push(o.node);
	}
	return { nodes, shadowed };
}

/**
 * Renames every reference the import binding reaches (plus names inside string annotations).
 * Review when the name is shadowed or bound twice, re-exported through `__all__`, used in a string
 * annotation, or when the new name is already taken in the file.
 */
function renameReferences(ctx: FileContext, binding: Node, oldName: string, newName: string): { edits: TextReplacement[]; review: boolean } {
	const refs = reachedReferences(ctx, binding, oldName);
	const edits = refs.nodes.map((n) => replaceNode(n, newName));
	let review = refs.shadowed || reExported(ctx, oldName) || ctx.binder.occurrences(newName).length > 0;
	const annotations = stringAnnotationHits(ctx, oldName);
	if (annotations.length > 0) {
		review = true;
		edits.push(...annotations.map((start) => ({ span: { start, end: start + oldName.length }, newText: newName })));
	}
	return { edits, review };
}

/** `__all__ = [..., "FastMCP", ...]` (or `+=`) at module level. */
function reExported(ctx: FileContext, name: string): boolean {
	for (const o of ctx.binder.occurrences('__all__')) {
		if (!o.site || o.scope.type !== 'module') {
			continue;
		}
		const right = o.site.owner.childForFieldName('right');
		if (!right) {
			continue;
		}
		const stack: Node[] = [right];
		while (stack.length > 0) {
			const n = stack.pop()!;
			if (n.type === 'string') {
				if (plainStringContent(n)?.text === name) {
					return true;
				}
				continue;
			}
			for (const c of n.namedChildren) {
				if (c) {
					stack.push(c);
				}
			}
		}
	}
	return false;
}

/** Offsets of `name` used as a plain identifier inside string annotations (`x: "FastMCP"`). */
function stringAnnotationHits(ctx: FileContext, name: string): number[] {
	const out: number[] = [];
	const { text, root } = ctx;
	const word = new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'gu');
	for (const i of occurrences(text, name)) {
		const node = root.descendantForIndex(i, i + name.length);
		if (!node || node.type !== 'string_content' || !node.parent || !sameNode(plainStringContent(node.parent), node)) {
			continue;
		}
		if (!inAnnotationContext(node.parent)) {
			continue;
		}
		word.lastIndex = i - node.startIndex;
		const m = word.exec(node.text);
		if (m && m.index === i - node.startIndex) {
			out.push(i);
		}
	}
	return out;
}

function inAnnotationContext(str: Node): boolean {
	for (let p = str.parent; p; p = p.parent) {
		if (p.type === 'type') {
			return true;
		}
		if (p.type.endsWith('_statement') || p.type === 'block' || p.type === 'module') {
			return false;
		}
	}
	return false;
}

/**
 * An edit that adds `from module import name` to the file's import block (after the last top-level
 * import before `useAt`, else after the module docstring / header comments). `{ edit: undefined }`
 * when the file already imports it at top level; undefined when the name is bound to something else.
 */
export function ensureImport(ctx: FileContext, module: string, name: string, useAt: number): { edit?: TextReplacement } | undefined {
	const fqn = `${module}.${name}`;
	const top = new Set(topLevel(ctx).map((n) => n.id));
	const existing = ctx.imports.some((info) => top.has(info.statement.id) && info.statement.startIndex < useAt
		&& info.names.some((n) => n.localName === name && n.importedFqn === fqn));
	if (existing) {
		return {};
	}
	if (ctx.binder.occurrences(name).some((o) => o.site)) {
		return undefined;
	}
	const eol = eolOf(ctx.text);
	const line = `from ${module} import ${name}`;
	const place = insertionPoint(ctx, useAt);
	if (place.after) {
		return { edit: { span: { start: place.at, end: place.at }, newText: eol + line } };
	}
	return { edit: { span: { start: place.at, end: place.at }, newText: place.needsBreak ? eol + line + eol : line + eol } };
}

const insertionPoints = new WeakMap<FileContext, Map<number, { at: number; after: boolean; needsBreak: boolean }>>();

/**
 * Where a new top-level import goes for a use at `useAt`: after the last top-level import before
 * it (or the module docstring), else before the first statement. Computed once per analysis and
 * use position, since walking the module's children is costly on big files.
 */
function insertionPoint(ctx: FileContext, useAt: number): { at: number; after: boolean; needsBreak: boolean } {
	let perCtx = insertionPoints.get(ctx);
	if (!perCtx) {
		perCtx = new Map();
		insertionPoints.set(ctx, perCtx);
	}
	const top = topLevel(ctx);
	// The answer only changes when an import or the first statement lies between two uses, so key
	// it by how many top-level statements start before the use.
	let k = 0;
	while (k < top.length && top[k].startIndex < useAt) {
		k++;
	}
	const cached = perCtx.get(k);
	if (cached) {
		return cached;
	}
	const { text } = ctx;
	let lastImport: Node | undefined;
	let docstring: Node | undefined;
	const firstCode = top.find((c) => c.type !== 'comment');
	for (const child of top.slice(0, k)) {
		if (child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'future_import_statement') {
			lastImport = child;
		} else if (!lastImport && !docstring && child.type === 'expression_statement' && child.namedChild(0)?.type === 'string'
			&& firstCode?.startIndex === child.startIndex) {
			docstring = child;
		}
	}
	const anchor = lastImport ?? docstring;
	let result: { at: number; after: boolean; needsBreak: boolean };
	if (anchor) {
		result = { at: lineEndAt(text, anchor.endIndex), after: true, needsBreak: false };
	} else {
		// No import block: before the first statement (after a shebang, encoding line and leading comments).
		const at = firstCode ? lineStartAt(text, firstCode.startIndex) : text.length;
		result = { at, after: false, needsBreak: at === text.length && at > 0 && !/[\r\n]$/.test(text) };
	}
	perCtx.set(k, result);
	return result;
}

const topLevels = new WeakMap<FileContext, Node[]>();

function topLevel(ctx: FileContext): Node[] {
	let top = topLevels.get(ctx);
	if (!top) {
		top = ctx.root.namedChildren.filter((c): c is Node => !!c);
		topLevels.set(ctx, top);
	}
	return top;
}
