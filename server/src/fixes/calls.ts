import type { Node } from 'web-tree-sitter';
import { Binder } from '../analysis/binder';
import type { Fix, FixSafety, TextReplacement } from '../analysis/model';
import { classifyOccurrence, keywordArguments, plainStringContent, positionalArguments, sameNode, unwrapExpression } from '../analysis/syntax';
import { fixOf, type KnowledgeEntry } from '../knowledge';
import type { FileContext } from '../facts/context';
import { appendArguments, removeListItem, removeListItems, replaceNode } from './edits';
import { dropImportOfLastUse, ensureImport, type FileFacts } from './imports';

// Rewrites of call arguments: moved FastMCP transport keywords (onto the same server's run() /
// streamable_http_app() / sse_app() call), renamed keywords (`scopes=` -> `scope=`), removed
// keywords (`timeout=`), `cursor=` -> `params=PaginatedRequestParams(cursor=...)`, and
// `read_resource(AnyUrl(x))` -> `read_resource(x)`.

/** Which served transport a moved keyword belongs to (knowledge `moveKeyword` fix data). */
export type Family = 'sse' | 'http' | 'any';

const APP_BUILDERS: Record<string, Family> = { streamable_http_app: 'http', sse_app: 'sse' };

export interface MovedKeywordsFix {
	fix: Fix;
	/** The keywords this fix moves (the others have no target call). */
	moved: Set<string>;
}

/**
 * `FastMCP(..., host=..., port=...)`: every moved transport keyword goes onto the same server's
 * `run(...)` / `streamable_http_app(...)` / `sse_app(...)` call(s) that serve its transport, in one
 * fix (so fix-all moves them together, before the rename makes the server unrecognisable).
 * `keywordArgs` maps each moved keyword passed by name to its keyword_argument node and the
 * transport family it belongs to (the entry's `moveKeyword` fix).
 */
export function movedKeywordsFix(ctx: FileContext, ctor: Node, keywordArgs: ReadonlyMap<string, { arg: Node; family: Family }>): MovedKeywordsFix | undefined {
	return ctx.memo.get(`calls.moved:${ctor.startIndex}`, () => computeMovedKeywords(ctx, ctor, keywordArgs));
}

interface ServerCallSite {
	method: string;
	receiver: Node;
	call: Node;
}

/** Every `name.run(...)` / `name.<app builder>(...)` call in the file, found once per analysis. */
function serverCallSites(ctx: FileContext): ServerCallSite[] {
	return ctx.memo.get('calls.serverCallSites', () => findServerCallSites(ctx));
}

function findServerCallSites(ctx: FileContext): ServerCallSite[] {
	const sites: ServerCallSite[] = [];
	for (const method of ['run', ...Object.keys(APP_BUILDERS)]) {
		for (const id of ctx.binder.attributeNames(method, ctx.root)) {
			const attribute = id.parent!;
			const receiver = attribute.childForFieldName('object');
			const call = attribute.parent;
			if (receiver && receiver.type === 'identifier' && call && call.type === 'call' && sameNode(call.childForFieldName('function'), attribute)) {
				sites.push({ method, receiver, call });
			}
		}
	}
	return sites;
}

/** The V2 server class whose methods receive moved keywords (its signatures are in exports.json). */
const V2_SERVER = 'mcp.server.mcpserver.server.MCPServer';

/** Whether V2's method behind this call takes the keyword (`streamable_http_app()` takes no `port`). */
function acceptsInV2(ctx: FileContext, call: Node, keyword: string): boolean {
	const fn = call.childForFieldName('function');
	const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
	return !!method && ctx.knowledge.graph?.acceptsInV2(V2_SERVER, method, keyword) !== false;
}

function computeMovedKeywords(ctx: FileContext, ctor: Node, keywordArgs: ReadonlyMap<string, { arg: Node; family: Family }>): MovedKeywordsFix | undefined {
	const assignment = ctor.parent;
	const server = assignment?.type === 'assignment' && sameNode(assignment.childForFieldName('right'), ctor) ? assignment.childForFieldName('left') : null;
	if (!server || server.type !== 'identifier') {
		return undefined;
	}
	const calls: { call: Node; family: Family }[] = [];
	for (const site of serverCallSites(ctx)) {
		if (site.receiver.text !== server.text) {
			continue;
		}
		const reaching = ctx.binder.reaching(site.receiver.text, site.receiver);
		if (!reaching.some((b) => b.node.startIndex === server.startIndex)) {
			continue;
		}
		if (reaching.length > 1) {
			// Another binding (`FastMCP("dev", port=...)` in the other branch) reaches this call too:
			// moving both sets of keywords would pass one twice (a SyntaxError), moving one is wrong.
			return undefined;
		}
		const family = site.method === 'run' ? runFamily(site.call) : APP_BUILDERS[site.method];
		if (family) {
			calls.push({ call: site.call, family });
		}
	}
	calls.sort((a, b) => a.call.startIndex - b.call.startIndex);
	const moved = new Set<string>();
	const removed: Node[] = [];
	const insertions = new Map<Node, string[]>();
	for (const [keyword, { arg, family }] of keywordArgs) {
		const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : null;
		if (!family || !value) {
			continue;
		}
		const targets = calls.filter((c) => (family === 'any' || c.family === 'any' || c.family === family) && acceptsInV2(ctx, c.call, keyword));
		// A destination that already passes the keyword (or may, through `**kwargs`) would get it
		// twice; a value whose names mean something else at the destination would change meaning.
		if (targets.length === 0 || targets.some((t) => keywordArguments(t.call).has(keyword) || hasDictionarySplat(t.call) || !sameMeaningAt(ctx, value, t.call))) {
			continue;
		}
		moved.add(keyword);
		removed.push(arg);
		for (const t of targets) {
			insertions.set(t.call, [...(insertions.get(t.call) ?? []), arg.text]);
		}
	}
	if (moved.size === 0) {
		return undefined;
	}
	const edits: TextReplacement[] = removeListItems(ctx.text, removed);
	for (const [call, texts] of insertions) {
		const add = appendArguments(ctx.text, call, texts);
		if (!add) {
			return undefined;
		}
		edits.push(add);
	}
	const where = [...new Set([...insertions.keys()].map((c) => `\`${c.childForFieldName('function')!.text.replace(/\s+/g, '')}(...)\``))];
	const what = [...moved].map((k) => `\`${k}=\``).join(', ');
	return { fix: { title: `Move ${what} to ${where.join(' and ') || 'the existing run/app call'}`, safety: 'review', edits }, moved };
}

function hasDictionarySplat(call: Node): boolean {
	return !!call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'dictionary_splat');
}

/**
 * True when every name `value` reads is bound to the same binding(s) at `destination` as where it
 * is now (a literal reads nothing, so it always moves; an unbound name stays unbound).
 */
function sameMeaningAt(ctx: FileContext, value: Node, destination: Node): boolean {
	const stack: Node[] = [value];
	while (stack.length > 0) {
		const n = stack.pop()!;
		if (n.type === 'identifier') {
			const site = classifyOccurrence(n);
			if (site === 'skip') {
				continue; // attribute and keyword names read nothing
			}
			if (site !== null) {
				return false; // a binding inside the value (lambda parameter, walrus) would rebind there
			}
			const here = ctx.binder.reaching(n.text, n).map((b) => b.node.startIndex).sort((a, b) => a - b);
			const there = ctx.binder.reaching(n.text, destination).map((b) => b.node.startIndex).sort((a, b) => a - b);
			if (here.length !== there.length || here.some((s, i) => s !== there[i])) {
				return false;
			}
			continue;
		}
		for (const c of n.namedChildren) {
			if (c) {
				stack.push(c);
			}
		}
	}
	return true;
}

/** Which transport a `server.run(...)` call serves: undefined for stdio (or no transport). */
function runFamily(call: Node): Family | undefined {
	const arg = keywordArguments(call).get('transport')?.childForFieldName('value') ?? positionalArguments(call)[0];
	if (!arg) {
		return undefined;
	}
	const content = arg.type === 'string' ? plainStringContent(arg) : null;
	if (!content) {
		return arg.type === 'string' ? undefined : 'any';
	}
	switch (content.text) {
		case 'sse':
			return 'sse';
		case 'streamable-http':
		case 'http':
			return 'http';
		default:
			return undefined;
	}
}

/** `scopes=` -> `scope=` (the entry's `renameKeyword` fix). */
export function renameKeywordFix(call: Node, keywordArg: Node, entry: KnowledgeEntry): Fix | undefined {
	const rename = fixOf(entry, 'renameKeyword');
	const to = rename?.to;
	const name = keywordArg.childForFieldName('name');
	if (!to || !name || keywordArguments(call).has(to)) {
		return undefined;
	}
	return { title: `Rename \`${name.text}=\` to \`${to}=\``, safety: rename?.safety ?? 'review', edits: [replaceNode(name, to)] };
}

/** A removed keyword argument, dropped with its comma. */
export function removeKeywordFix(text: string, keywordArg: Node, safety: FixSafety): Fix | undefined {
	const name = keywordArg.childForFieldName('name');
	if (!name) {
		return undefined;
	}
	return { title: `Remove \`${name.text}=\``, safety, edits: [removeListItem(text, keywordArg)] };
}

/** `list_resources(cursor=x)` / `list_resources(x)` -> `list_resources(params=PaginatedRequestParams(cursor=x))`. */
export function cursorParamsFix(ctx: FileContext, call: Node, arg: Node, entry: KnowledgeEntry): Fix | undefined {
	const fix = fixOf(entry, 'wrapKeyword');
	if (!fix || keywordArguments(call).has(fix.keyword)) {
		return undefined;
	}
	const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
	const inner = /\((\w+)=\)$/.exec(entry.symbol)?.[1];
	if (!value || !inner) {
		return undefined;
	}
	const imported = ensureImport(ctx, fix.module, fix.name, call.startIndex);
	if (!imported) {
		return undefined;
	}
	const edits: TextReplacement[] = [replaceNode(arg, `${fix.keyword}=${fix.name}(${inner}=${value.text})`)];
	if (imported.edit) {
		edits.push(imported.edit);
	}
	return { title: `Pass \`${fix.keyword}=${fix.name}(${inner}=...)\``, safety: fix.safety ?? 'review', edits };
}

/**
 * `read_resource(AnyUrl(x))` -> `read_resource(x)`: V2 takes the URI as a str. When this was the
 * last use of an imported `AnyUrl`, the same fix drops the import, so no import is left unused.
 * `file` is the analysis (a FileContext); without it the facts are rebuilt from the syntax tree.
 */
export function unwrapCallFix(value: Node, label: string, file?: FileFacts): Fix | undefined {
	const call = unwrapExpression(value);
	if (call.type !== 'call') {
		return undefined;
	}
	const args = call.childForFieldName('arguments');
	const real = args?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
	if (real.length !== 1 || real[0].type === 'keyword_argument' || real[0].type === 'list_splat' || real[0].type === 'dictionary_splat') {
		return undefined;
	}
	const edits: TextReplacement[] = [replaceNode(value, real[0].text)];
	const fn = call.childForFieldName('function');
	if (fn?.type === 'identifier') {
		const root = value.tree.rootNode;
		const facts = file ?? { root, text: root.text, binder: new Binder(root, root.text) };
		const drop = dropImportOfLastUse(facts, fn);
		if (drop) {
			edits.push(drop);
		}
	}
	return { title: `Pass the URI without \`${label}(...)\``, safety: 'safe', edits };
}
