import type { Node } from 'web-tree-sitter';
import type { ImportedName, ImportStatementInfo } from '../analysis/imports';
import type { Fix, FixSafety, TextReplacement } from '../analysis/model';
import { plainStringContent, sameNode, scopeOf } from '../analysis/syntax';
import type { FileContext } from '../facts/context';
import { fixOf, type Resolved } from '../knowledge';
import { eolOf, hasCommentWithin, indentAt, lineEndAt, lineStartAt, removeListItem, removeListItems, removeStatement, replaceNode } from './edits';
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

/** The rewrite of one import statement, computed once per analysis. */
export function importStatementFix(ctx: FileContext, info: ImportStatementInfo): ImportFix | undefined {
	return ctx.memo.get(`imports.statement:${info.statement.startIndex}`, () => {
		if (info.relative || info.wildcard || inImportFallback(info.statement)) {
			return undefined;
		}
		return info.statement.type === 'import_from_statement' ? fromImportFix(ctx, info) : moduleImportFix(ctx, info);
	});
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

/**
 * A pure module move (`mcp.server.fastmcp.exceptions.ToolError` -> `mcp.server.mcpserver.exceptions`):
 * a name below a moved package whose V2 home mcp 2.0 really exports, at the same name or a new one.
 */
function derivedMove(ctx: FileContext, found: Resolved): { module: string; name?: string } | undefined {
	const target = found.derivedTarget;
	const graph = ctx.knowledge.graph;
	if (!found.derived || found.removedInV2 || !target || !graph?.existsInV2(target) || found.entry.status !== 'moved') {
		return undefined;
	}
	const cut = target.lastIndexOf('.');
	return { module: target.slice(0, cut), name: target.slice(cut + 1) };
}

function fromImportFix(ctx: FileContext, info: ImportStatementInfo): ImportFix | undefined {
	const { knowledge } = ctx;
	if (!info.moduleFqn || !info.moduleNode) {
		return undefined;
	}
	const targets: Target[] = [];
	const staying: ImportedName[] = [];
	for (const name of info.names) {
		const found = knowledge.lookup(name.importedFqn);
		const fix = found && !found.derived ? fixOf(found.entry, 'import') : found && derivedMove(ctx, found);
		const module = fix?.module;
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
	// A renamed name that is already bound: reuse an existing import of the same object (the
	// target is dropped from this statement), refuse anything else (the rename would collide).
	const reused = new Set<Target>();
	for (const t of targets) {
		const verdict = renameCollision(ctx, t);
		if (verdict === 'refuse') {
			return undefined;
		}
		if (verdict === 'reuse') {
			reused.add(t);
		}
	}
	const kept = targets.filter((t) => !reused.has(t));
	const edits: TextReplacement[] = [];
	let safety: FixSafety = reused.size > 0 ? 'review' : 'safe';
	const modules = [...new Set(targets.map((t) => t.module))];
	const keptModules = [...new Set(kept.map((t) => t.module))];
	if (staying.length === 0 && kept.length === 0) {
		edits.push(removeStatement(ctx.text, info.statement));
	} else if (staying.length === 0 && keptModules.length === 1) {
		edits.push(replaceNode(info.moduleNode, keptModules[0]));
		for (const t of kept) {
			if (t.newName !== t.name.nameNode.text) {
				edits.push(replaceNode(t.name.nameNode, t.newName));
			}
		}
		edits.push(...removeListItems(ctx.text, [...reused].map((t) => t.name.nameNode)));
	} else {
		const split = splitStatement(ctx, info, staying, kept);
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

const CATCHES_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/**
 * True when the import runs inside a `try` (body or handler) whose handler catches ImportError:
 * a version fallback (`try: from mcp.server.fastmcp import FastMCP / except ImportError: ...`)
 * whose branches must keep binding the same name, so neither is rewritten.
 */
function inImportFallback(stmt: Node): boolean {
	for (let p = stmt.parent; p; p = p.parent) {
		if (p.type === 'function_definition' || p.type === 'lambda') {
			// Runs when called, not under this try.
			return false;
		}
		const tryStatement = p.type === 'try_statement' ? p : null;
		if (tryStatement && tryStatement.namedChildren.some((c) => !!c && (c.type === 'except_clause' || c.type === 'except_group_clause') && catchesImportError(c))) {
			return true;
		}
	}
	return false;
}

function catchesImportError(handler: Node): boolean {
	let caught = handler.childForFieldName('value') ?? handler.namedChildren.find((c) => !!c && c.type !== 'block' && c.type !== 'comment') ?? null;
	if (!caught) {
		return true; // bare `except:`
	}
	if (caught.type === 'as_pattern') {
		caught = caught.namedChild(0);
	}
	const stack: Node[] = caught ? [caught] : [];
	while (stack.length > 0) {
		const n = stack.pop()!;
		if (n.type === 'tuple' || n.type === 'parenthesized_expression') {
			stack.push(...n.namedChildren.filter((c): c is Node => !!c));
			continue;
		}
		const last = n.type === 'attribute' ? n.childForFieldName('attribute') : n;
		if (!last || last.type !== 'identifier' || CATCHES_IMPORT_ERROR.has(last.text)) {
			return true; // a name we cannot read (a variable holding exception types) may catch it
		}
	}
	return false;
}

/**
 * What to do with a target whose local name changes (`FastMCP` -> `MCPServer`) when the new name
 * is already bound in the file: 'reuse' when every binding is an import of the same object and
 * every renamed reference sees one, 'refuse' otherwise; 'ok' when nothing collides.
 */
function renameCollision(ctx: FileContext, t: Target): 'ok' | 'reuse' | 'refuse' {
	const aliased = t.name.localName !== t.name.nameNode.text;
	if (aliased || t.newName === t.name.localName) {
		return 'ok';
	}
	const bindings = ctx.binder.occurrences(t.newName).filter((o) => o.site);
	if (bindings.length === 0) {
		return 'ok';
	}
	const fqn = `${t.module}.${t.newName}`;
	const same = new Set<number>();
	for (const info of ctx.imports) {
		for (const n of info.names) {
			if (n.localName === t.newName && n.importedFqn === fqn) {
				same.add(n.bindingNode.startIndex);
			}
		}
	}
	if (!bindings.every((b) => same.has(b.node.startIndex))) {
		return 'refuse';
	}
	for (const ref of reachedReferences(ctx, t.name.bindingNode, t.name.localName).nodes) {
		const seen = ctx.binder.reaching(t.newName, ref);
		if (seen.length === 0 || !seen.every((b) => same.has(b.node.startIndex) && !(b.scope.id === scopeOf(ref).id && b.point > ref.startIndex))) {
			return 'refuse';
		}
	}
	return 'reuse';
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
	if (staying.length === 0 && added.length === 0) {
		return { edits: [removeStatement(text, stmt)], review: false };
	}
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
	if (added.length > 0) {
		const at = lineEndAt(text, stmt.endIndex);
		edits.push({ span: { start: at, end: at }, newText: added.map((a) => eol + indent + a).join('') });
	}
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
		const module = found && !found.derived ? fixOf(found.entry, 'import')?.module : undefined;
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
			const fix = member && !member.derived ? fixOf(member.entry, 'import') : undefined;
			if (fix?.name && fix.name !== attr.text && fix.module === module) {
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

/** The facts a file-level import edit needs (a FileContext has them all). */
export type FileFacts = Pick<FileContext, 'root' | 'text' | 'binder'>;

/**
 * When `ref` (a name a fix is about to remove) is the only use of a from-imported name, the edit
 * that drops that import too: the imported name, or the whole statement when it is the only one.
 * Undefined when the name is used or bound elsewhere, re-exported, or named in a string annotation.
 */
export function dropImportOfLastUse(file: FileFacts, ref: Node): TextReplacement | undefined {
	const name = ref.text;
	if (ref.type !== 'identifier' || name === '') {
		return undefined;
	}
	const occs = file.binder.occurrences(name);
	const refs = occs.filter((o) => !o.site);
	const bindings = occs.filter((o) => o.site);
	if (refs.length !== 1 || refs[0].node.startIndex !== ref.startIndex || bindings.length !== 1 || bindings[0].site!.kind !== 'import') {
		return undefined;
	}
	const binding = bindings[0].node;
	const stmt = bindings[0].site!.owner;
	if (stmt.type !== 'import_from_statement' || !file.binder.reaching(name, ref).some((b) => b.node.startIndex === binding.startIndex)
		|| reExported(file, name) || stringAnnotationHits(file, name).length > 0) {
		return undefined;
	}
	const items = stmt.childrenForFieldName('name').filter((c): c is Node => !!c);
	const item = items.find((i) => i.startIndex <= binding.startIndex && binding.endIndex <= i.endIndex);
	if (!item) {
		return undefined;
	}
	return items.length === 1 ? removeStatement(file.text, stmt) : removeListItem(file.text, item);
}

/** `__all__ = [..., "FastMCP", ...]` (or `+=`) at module level. */
function reExported(ctx: FileFacts, name: string): boolean {
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
function stringAnnotationHits(ctx: FileFacts, name: string): number[] {
	// Once per name and file: every import statement's rewrite asks for the same names.
	const memo = (ctx as Partial<FileContext>).memo;
	return memo ? memo.get(`imports.stringAnnotationHits:${name}`, () => findStringAnnotationHits(ctx, name)) : findStringAnnotationHits(ctx, name);
}

function findStringAnnotationHits(ctx: FileFacts, name: string): number[] {
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
 * An edit that adds `from module import name` at the end of the file's leading import block (after
 * the last import of the run of imports, comments and docstring the module starts with, else before
 * the first statement). The place does not depend on the use, so every fix that needs the same
 * import makes the same edit and fix-all applies it once. `{ edit: undefined }` when an import of
 * the same object already reaches the use; undefined when the name is bound to anything else.
 */
export function ensureImport(ctx: FileContext, module: string, name: string, useAt: number): { edit?: TextReplacement } | undefined {
	const fqn = `${module}.${name}`;
	const bindings = ctx.binder.occurrences(name).filter((o) => o.site);
	if (bindings.length > 0) {
		const same = new Set<number>();
		for (const info of ctx.imports) {
			for (const n of info.names) {
				if (n.localName === name && n.importedFqn === fqn) {
					same.add(n.bindingNode.startIndex);
				}
			}
		}
		const use = ctx.root.descendantForIndex(useAt, useAt) ?? ctx.root;
		const useScope = scopeOf(use);
		const seen = ctx.binder.reaching(name, use, useAt);
		// Reused only when every binding is that import and one is bound before the use runs.
		const reachesUse = seen.length > 0 && seen.every((b) => same.has(b.node.startIndex) && !(b.scope.id === useScope.id && b.point > useAt));
		return bindings.every((b) => same.has(b.node.startIndex)) && reachesUse ? {} : undefined;
	}
	const eol = eolOf(ctx.text);
	const line = `from ${module} import ${name}`;
	const place = insertionPoint(ctx);
	if (place.after) {
		return { edit: { span: { start: place.at, end: place.at }, newText: eol + line } };
	}
	return { edit: { span: { start: place.at, end: place.at }, newText: place.needsBreak ? eol + line + eol : line + eol } };
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/**
 * Where a new top-level import goes: after the last import of the module's leading block (imports,
 * comments and the docstring before any other statement), else after the docstring, else before the
 * first statement. Everything after that point runs after the import, wherever the use is.
 */
function insertionPoint(ctx: FileContext): { at: number; after: boolean; needsBreak: boolean } {
	return ctx.memo.get('imports.insertionPoint', () => findInsertionPoint(ctx));
}

function findInsertionPoint(ctx: FileContext): { at: number; after: boolean; needsBreak: boolean } {
	const { text } = ctx;
	const top = topLevel(ctx);
	let lastImport: Node | undefined;
	let docstring: Node | undefined;
	const firstCode = top.find((c) => c.type !== 'comment');
	for (const child of top) {
		if (IMPORT_TYPES.has(child.type)) {
			lastImport = child;
		} else if (!docstring && child.type === 'expression_statement' && child.namedChild(0)?.type === 'string'
			&& firstCode?.startIndex === child.startIndex) {
			docstring = child;
		} else if (child.type !== 'comment') {
			break;
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
	return result;
}

function topLevel(ctx: FileContext): Node[] {
	return ctx.memo.get('imports.topLevel', () => ctx.root.namedChildren.filter((c): c is Node => !!c));
}
