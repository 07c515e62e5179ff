import type { Node } from 'web-tree-sitter';
import { keywordArguments, positionalArguments, sameNode, unwrapExpression } from '../analysis/syntax';
import { occurrences } from '../analysis/textSearch';
import type { KnowledgeEntry, Resolved } from '../knowledge';
import type { FileContext } from './context';
import { subjectOf } from './uses';

// Resources facts: member sites of the Resources client surface (openai-agents MCPServer resource
// methods, mcp ClientSession / Client, their result fields, the low-level server decorators) whose
// receiver the evaluator types, the arguments V2 treats differently, calls on receivers nobody can
// type, and calls of catalogued functions (anthropic's converters). Member names come from the
// knowledge's receiver tier (resources.json); `knowledge.anyMember(cls, name)` says what a site is.
// No verdicts or codes: rules decide.

/** Methods whose calls on an untyped receiver are worth a Hint when the setting asks for them. */
const RESOURCE_METHODS = new Set(['list_resources', 'list_resource_templates', 'read_resource', 'subscribe_resource', 'unsubscribe_resource']);

/** An argument V2 rejects or treats differently. */
export interface ResourceArgumentFact {
	/** The parameter entry (`...read_resource(uri=)`). */
	entry: KnowledgeEntry;
	callee: Resolved;
	/** What to underline. */
	arg: Node;
	/** `cursor`: removed argument; `anyurl`: a pydantic AnyUrl where V2 takes str; `input-required`: an unchecked InputRequiredResult. */
	kind: 'cursor' | 'anyurl' | 'input-required';
	byKeyword: boolean;
	/** The argument's value (the keyword's value, or the positional argument itself). */
	value: Node;
	call: Node;
}

/** One member site on a typed receiver, with the catalogued members it resolves to. */
export interface ResourceSiteFact {
	id: Node;
	attribute: Node;
	call?: Node;
	subject: string;
	members: { resolved: Resolved; args: ResourceArgumentFact[] }[];
}

/** A resources method called on a receiver nobody could type (and nothing says it is something else). */
export interface UnresolvedResourceCallFact {
	id: Node;
	subject: string;
}

/** A call of a catalogued function of the receiver tier (through any import spelling). */
export interface FunctionCallFact {
	id: Node;
	subject: string;
	resolved: Resolved;
}

export interface ResourceFacts {
	sites: ResourceSiteFact[];
	unresolvedCalls: UnresolvedResourceCallFact[];
	functionCalls: FunctionCallFact[];
}

export function collectResourceFacts(ctx: FileContext): ResourceFacts {
	const out: ResourceFacts = { sites: [], unresolvedCalls: [], functionCalls: [] };
	const { knowledge } = ctx;
	const reportUnresolved = ctx.settings.resources.reportUnresolvedReceivers;
	// Receivers of these APIs can only come from imports of the resources area (constructors,
	// annotations). Without one, every member site would be evaluated for nothing.
	if (!reportUnresolved && !importsResourcesArea(ctx)) {
		return out;
	}
	for (const name of knowledge.receiverMemberNames()) {
		for (const id of ctx.binder.attributeNames(name, ctx.root)) {
			collectMemberSite(ctx, id, reportUnresolved, out);
		}
	}
	for (const entry of knowledge.receiverEntries()) {
		if (entry.kind === 'function' && entry.rule) {
			collectFunctionCalls(ctx, entry.symbol, out.functionCalls);
		}
	}
	return out;
}

/** True when some import binds a name at, above or below a symbol of the resources knowledge. */
function importsResourcesArea(ctx: FileContext): boolean {
	const { prefixes, symbols } = ctx.knowledge.receiverArea();
	return ctx.imports.some((info) => !info.relative && (info.wildcard && !!info.moduleFqn && prefixes.has(info.moduleFqn) || info.names.some((n) => {
		const fqn = n.boundFqn;
		return !!fqn && (prefixes.has(fqn) || symbols.some((s) => fqn.startsWith(s + '.')));
	}))) || /import_module/.test(ctx.text)
		// FastMCP's `_mcp_server` is the low-level Server: its resource decorators are reached without
		// importing anything from the resources area (`@self._mcp_server.subscribe_resource()`).
		|| /\b_mcp_server\b/.test(ctx.text);
}

function callOf(attribute: Node): Node | undefined {
	const call = attribute.parent;
	return call && call.type === 'call' && sameNode(call.childForFieldName('function'), attribute) ? call : undefined;
}

function collectMemberSite(ctx: FileContext, id: Node, reportUnresolved: boolean, out: ResourceFacts): void {
	const attribute = id.parent!;
	const receiver = attribute.childForFieldName('object');
	if (!receiver) {
		return;
	}
	const name = id.text;
	const call = callOf(attribute);
	const values = ctx.evaluator.valueOfExpr(receiver);
	const found: Resolved[] = [];
	for (const v of values) {
		if (v.kind !== 'instance') {
			continue;
		}
		const member = ctx.knowledge.anyMember(v.cls, name);
		if (member && !found.some((f) => f.fqn === member.fqn)) {
			found.push(member);
		}
	}
	const subject = subjectOf(attribute, id);
	if (found.length === 0) {
		if (reportUnresolved && call && RESOURCE_METHODS.has(name) && values.length === 0 && !isForeign(ctx, receiver)) {
			out.unresolvedCalls.push({ id, subject });
		}
		return;
	}
	const site: ResourceSiteFact = { id, attribute, call, subject, members: [] };
	for (const resolved of found) {
		const isMethod = resolved.entry.kind === 'method' || resolved.entry.kind === 'function';
		if (isMethod && !call) {
			continue;
		}
		site.members.push({ resolved, args: call ? argumentFacts(ctx, call, resolved) : [] });
	}
	out.sites.push(site);
}

/** The arguments of a call that V2 rejects or treats differently. */
function argumentFacts(ctx: FileContext, call: Node, callee: Resolved): ResourceArgumentFact[] {
	const params = ctx.knowledge.paramsOf(callee.fqn);
	const out: ResourceArgumentFact[] = [];
	if (params.length === 0) {
		return out;
	}
	const keywords = keywordArguments(call);
	const positional = positionalArguments(call);
	for (const entry of params) {
		const kw = /\(([A-Za-z_]\w*)=\)$/.exec(entry.symbol)![1];
		const kwArg = keywords.get(kw);
		const posArg = entry.position !== undefined ? positional[entry.position] : undefined;
		const arg = kwArg ?? posArg;
		if (!arg) {
			continue;
		}
		const value = kwArg ? kwArg.childForFieldName('value') : posArg;
		let kind: ResourceArgumentFact['kind'] | undefined;
		if (kw === 'cursor') {
			kind = 'cursor';
		} else if (kw === 'uri' && value && isAnyUrl(ctx, value)) {
			kind = 'anyurl';
		} else if (kw === 'allow_input_required' && value && !/^(False|None)$/.test(value.text) && !inputRequiredHandled(call)) {
			kind = 'input-required';
		}
		if (kind && value) {
			out.push({ entry, callee, arg, kind, byKeyword: !!kwArg, call, value });
		}
	}
	return out;
}

/** Calls of a catalogued function (anthropic converters), through any import spelling. */
function collectFunctionCalls(ctx: FileContext, symbol: string, out: FunctionCallFact[]): void {
	const name = symbol.slice(symbol.lastIndexOf('.') + 1);
	const { text, root } = ctx;
	for (const i of occurrences(text, name)) {
		const id = root.descendantForIndex(i, i + name.length);
		if (!id || id.type !== 'identifier' || id.startIndex !== i || id.endIndex !== i + name.length) {
			continue;
		}
		const parent = id.parent;
		const expr = parent && parent.type === 'attribute' && sameNode(parent.childForFieldName('attribute'), id) ? parent : id;
		const call = expr.parent;
		if (!call || call.type !== 'call' || !sameNode(call.childForFieldName('function'), expr)) {
			continue;
		}
		for (const v of ctx.evaluator.valueOfExpr(expr)) {
			if (v.kind !== 'symbol') {
				continue;
			}
			const resolved = ctx.knowledge.resolve(v.fqn);
			if (resolved && resolved.fqn === symbol && resolved.entry.rule) {
				out.push({ id, subject: subjectOf(expr, id), resolved });
				break;
			}
		}
	}
}

function isAnyUrl(ctx: FileContext, value: Node): boolean {
	return ctx.evaluator.valueOfExpr(value).some((v) => v.kind === 'instance' && v.cls === 'pydantic.AnyUrl');
}

/**
 * Whether a `read_resource(..., allow_input_required=True)` result is narrowed before use. Counts as
 * handled: the result is returned or passed on as a whole (the caller decides), or it is assigned to
 * a name that the enclosing function checks with `isinstance(name, ...InputRequiredResult...)`,
 * `name.result_type`, or a `match name:` statement. Anything else (reading `.contents` on the call
 * directly, assigning and never checking) is unhandled.
 */
function inputRequiredHandled(call: Node): boolean {
	let expr: Node = call;
	while (expr.parent && (expr.parent.type === 'await' || expr.parent.type === 'parenthesized_expression')) {
		expr = expr.parent;
	}
	const p = expr.parent;
	if (!p) {
		return true;
	}
	if (p.type === 'attribute' || p.type === 'subscript') {
		return false;
	}
	let target: Node | null = null;
	if ((p.type === 'assignment' && sameNode(p.childForFieldName('right'), expr)) || (p.type === 'named_expression' && sameNode(p.childForFieldName('value'), expr))) {
		target = p.childForFieldName(p.type === 'assignment' ? 'left' : 'name');
	}
	if (!target) {
		return true;
	}
	if (target.type !== 'identifier') {
		return true;
	}
	let scope: Node | null = p;
	while (scope && scope.type !== 'function_definition' && scope.type !== 'module') {
		scope = scope.parent;
	}
	const body = scope?.text ?? '';
	const n = target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`isinstance\\(\\s*${n}\\s*,[^)]*InputRequiredResult`).test(body)
		|| new RegExp(`\\b${n}\\s*\\.\\s*result_type\\b`).test(body)
		|| new RegExp(`\\bmatch\\s+${n}\\s*:`).test(body);
}

const MOCK_NAMES = /(^|\.)(Mock|MagicMock|AsyncMock|NonCallableMock|NonCallableMagicMock|create_autospec|patch|mock)$/;

/**
 * True when a receiver that the evaluator could not type is nevertheless known to be something
 * other than an MCP client: `self` in a user class, a name bound by an import, a def or class, a
 * call of a local class or of another library's callable (mocks included), a literal, or an
 * annotated parameter whose annotation names another type.
 */
function isForeign(ctx: FileContext, receiver: Node): boolean {
	const r = unwrapExpression(receiver);
	if (r.type === 'call') {
		return calleeIsForeign(ctx, r);
	}
	if (r.type === 'attribute') {
		const obj = r.childForFieldName('object');
		return !!obj && obj.type === 'identifier' && /^(self|cls)$/.test(obj.text) ? selfAttributeForeign(ctx, r) : false;
	}
	if (r.type !== 'identifier') {
		return r.type === 'string' || r.type === 'list' || r.type === 'dictionary' || r.type === 'integer';
	}
	const bindings = ctx.binder.reaching(r.text, r);
	if (bindings.length === 0) {
		return false;
	}
	return bindings.every((b) => {
		const site = b.site!;
		switch (site.kind) {
			case 'import':
			case 'def':
			case 'class':
				return true;
			case 'param': {
				const holder = b.node.parent;
				if (holder && (holder.type === 'typed_parameter' || holder.type === 'typed_default_parameter')) {
					return true;
				}
				// The first parameter of a method is the user's own class.
				const params = site.owner.childForFieldName('parameters');
				return sameNode(params?.namedChild(0), b.node) && site.owner.parent?.parent?.type === 'class_definition'
					|| (sameNode(params?.namedChild(0), b.node) && site.owner.parent?.type === 'decorated_definition' && site.owner.parent.parent?.parent?.type === 'class_definition');
			}
			case 'assign':
			case 'annotated':
			case 'walrus': {
				const owner = site.owner;
				if (owner.type === 'assignment' && owner.childForFieldName('type')) {
					return true;
				}
				const right = owner.childForFieldName(owner.type === 'named_expression' ? 'value' : 'right');
				return !!right && valueIsForeign(ctx, right);
			}
			case 'with': {
				const value = site.owner.childForFieldName('value');
				const expr = value?.type === 'as_pattern' ? value.namedChild(0) : null;
				return !!expr && valueIsForeign(ctx, expr);
			}
			default:
				return false;
		}
	});
}

function valueIsForeign(ctx: FileContext, value: Node): boolean {
	const v = unwrapExpression(value);
	if (v.type === 'call') {
		return calleeIsForeign(ctx, v);
	}
	return ['string', 'integer', 'float', 'list', 'dictionary', 'set', 'tuple', 'true', 'false', 'none', 'lambda'].includes(v.type);
}

function calleeIsForeign(ctx: FileContext, call: Node): boolean {
	const fn = call.childForFieldName('function');
	if (!fn) {
		return false;
	}
	if (MOCK_NAMES.test(fn.text)) {
		return true;
	}
	if (ctx.evaluator.valueOfExpr(fn).some((v) => v.kind === 'symbol')) {
		return true;
	}
	if (fn.type === 'identifier') {
		const bindings = ctx.binder.reaching(fn.text, fn);
		return bindings.length > 0 && bindings.every((b) => b.site?.kind === 'class' || b.site?.kind === 'def' || b.site?.kind === 'import');
	}
	return false;
}

/** `self.x`: foreign when every `self.x = ...` in the file's classes is a foreign value. */
function selfAttributeForeign(ctx: FileContext, attribute: Node): boolean {
	const name = attribute.childForFieldName('attribute')?.text;
	if (!name) {
		return false;
	}
	let cls: Node | null = attribute.parent;
	while (cls && cls.type !== 'class_definition') {
		cls = cls.parent;
	}
	if (!cls) {
		return false;
	}
	const assigned: Node[] = [];
	for (const id of ctx.binder.attributeNames(name, cls)) {
		const attr = id.parent!;
		const assignment = attr.parent;
		if (assignment?.type === 'assignment' && sameNode(assignment.childForFieldName('left'), attr)) {
			const right = assignment.childForFieldName('right');
			if (right) {
				assigned.push(right);
			}
		}
	}
	return assigned.length > 0 && assigned.every((r) => valueIsForeign(ctx, r));
}
