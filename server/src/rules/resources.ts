import type { Node } from 'web-tree-sitter';
import type { Resolved } from '../knowledge';
import { keywordArguments, positionalArguments, sameNode, unwrapExpression } from '../analysis/syntax';
import type { RuleContext } from './context';
import type { Fix } from '../analysis/model';
import { cursorParamsFix, unwrapCallFix } from '../fixes/calls';
import { renameMemberFix } from '../fixes/members';
import { occurrences } from '../analysis/textSearch';

// MCP200-MCP206: the MCP Resources client surface (openai-agents MCPServer resource methods, mcp
// ClientSession / Client, their result fields, the low-level server decorators, the anthropic
// converters). Member sites are found the way authMembers finds them: the member names come from
// the knowledge data (resources.json, receiver tier), each site's receiver is evaluated by the
// engine's intra-file data flow, and `knowledge.anyMember(cls, name)` decides what it is. A call on
// a receiver that cannot be typed is reported only when settings.resources.reportUnresolvedReceivers
// is on, and never when the receiver is known to be something else (a local class, a mock, another
// library's object).

export interface ResourcesOptions {
	reportUnresolvedReceivers: boolean;
}

/** Methods whose calls on an untyped receiver are worth a Hint when the setting asks for them. */
const RESOURCE_METHODS = new Set(['list_resources', 'list_resource_templates', 'read_resource', 'subscribe_resource', 'unsubscribe_resource']);
const UNRESOLVED_NOTE = 'session-resources';
const UNRESOLVED_HREF = 'https://github.com/modelcontextprotocol/python-sdk/blob/v2.0.0/docs/migration.md';

export function checkResources(ctx: RuleContext, options: ResourcesOptions): void {
	const { knowledge } = ctx;
	// Receivers of these APIs can only come from imports of the resources area (constructors,
	// annotations). Without one, every member site would be evaluated for nothing.
	if (!options.reportUnresolvedReceivers && !importsResourcesArea(ctx)) {
		return;
	}
	for (const name of knowledge.receiverMemberNames()) {
		for (const id of ctx.binder.attributeNames(name, ctx.root)) {
			checkMemberSite(ctx, id, options);
		}
	}
	for (const entry of knowledge.receiverEntries()) {
		if (entry.kind === 'function' && entry.rule) {
			checkFunctionCalls(ctx, entry.symbol);
		}
	}
}

const areaPrefixes = new WeakMap<object, { prefixes: Set<string>; symbols: string[] }>();

/** True when some import binds a name at, above or below a symbol of the resources knowledge. */
function importsResourcesArea(ctx: RuleContext): boolean {
	let area = areaPrefixes.get(ctx.knowledge);
	if (!area) {
		const prefixes = new Set<string>();
		const symbols: string[] = [];
		for (const entry of ctx.knowledge.receiverEntries()) {
			for (const symbol of [entry.symbol, ...(entry.aliases ?? [])]) {
				const base = symbol.replace(/\(.*$/, '');
				symbols.push(base);
				const parts = base.split('.');
				for (let i = 1; i <= parts.length; i++) {
					prefixes.add(parts.slice(0, i).join('.'));
				}
			}
		}
		area = { prefixes, symbols };
		areaPrefixes.set(ctx.knowledge, area);
	}
	const { prefixes, symbols } = area;
	return ctx.imports.some((info) => !info.relative && (info.wildcard && !!info.moduleFqn && prefixes.has(info.moduleFqn) || info.names.some((n) => {
		const fqn = n.boundFqn;
		return !!fqn && (prefixes.has(fqn) || symbols.some((s) => fqn.startsWith(s + '.')));
	}))) || /import_module/.test(ctx.text);
}

function callOf(attribute: Node): Node | undefined {
	const call = attribute.parent;
	return call && call.type === 'call' && sameNode(call.childForFieldName('function'), attribute) ? call : undefined;
}

function checkMemberSite(ctx: RuleContext, id: Node, options: ResourcesOptions): void {
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
	if (found.length === 0) {
		if (options.reportUnresolvedReceivers && call && RESOURCE_METHODS.has(name) && values.length === 0 && !isForeign(ctx, receiver)) {
			ctx.reporter.report({
				code: 'MCP200',
				span: { start: id.startIndex, end: id.endIndex },
				message: `\`${subjectOf(attribute, name)}(...)\`: the receiver's type could not be inferred. If it is an mcp \`ClientSession\` or an openai-agents MCP server, check this call against the mcp 2.x resources changes (no \`cursor\` argument on \`ClientSession\`, \`str\` URIs, snake_case result fields, subscriptions replaced by \`listen()\`).`,
				noteId: UNRESOLVED_NOTE,
				href: UNRESOLVED_HREF,
				tags: [],
			});
		}
		return;
	}
	for (const resolved of found) {
		const { entry } = resolved;
		const isMethod = entry.kind === 'method' || entry.kind === 'function';
		if (isMethod && !call) {
			continue;
		}
		const subject = subjectOf(attribute, name);
		let argumentFindings = 0;
		if (call) {
			argumentFindings = checkArguments(ctx, call, resolved, subject);
		}
		if (!entry.rule) {
			continue;
		}
		if (entry.rule === 'MCP200' && argumentFindings > 0) {
			// The argument finding says what breaks; the quiet "nothing breaks here" Hint would contradict it.
			continue;
		}
		// camelCase -> snake_case is right only once the project runs mcp 2.
		const rename = entry.rule === 'MCP203' && entry.status === 'renamed' && entry.target
			? renameMemberFix(id, entry.target, ctx.mcpResolvesV2 ? 'safe' : 'review') : undefined;
		ctx.reporter.report({
			code: entry.rule,
			span: { start: id.startIndex, end: id.endIndex },
			message: messageFor(entry.rule, subject, resolved),
			symbol: resolved.fqn,
			status: entry.status,
			noteId: entry.note,
			href: entry.href,
			fixes: rename ? [rename] : undefined,
		});
	}
}

function subjectOf(attribute: Node, name: string): string {
	return attribute.text.length <= 60 ? attribute.text.replace(/\s+/g, '') : name;
}

function messageFor(code: string, subject: string, resolved: Resolved): string {
	const { entry } = resolved;
	switch (code) {
		case 'MCP200':
			return `\`${subject}(...)\`: nothing in this call is rejected by mcp 2.x. ${entry.message}`;
		case 'MCP201':
			return `\`${subject}(...)\` is the pre-summit openai-agents resources API (added in v0.13.0, before the 2026-07-28 spec); mcp 2.x changes what it returns. ${entry.message}`;
		case 'MCP203':
			return `\`${subject}\` is the v1 camelCase field name and fails with AttributeError under mcp 2.x; write \`.${entry.target}\` instead. ${entry.message}`;
		case 'MCP204':
			return `\`${subject}(...)\` is deprecated: ${entry.message}`;
		case 'MCP205':
			return `\`${subject}()\` is a v1 low-level handler decorator: ${entry.message}`;
		default:
			return `\`${subject}\`: ${entry.message}`;
	}
}

/** MCP202 on the arguments V2 rejects or treats differently; returns how many were reported. */
function checkArguments(ctx: RuleContext, call: Node, callee: Resolved, subject: string): number {
	const params = ctx.knowledge.paramsOf(callee.fqn);
	if (params.length === 0) {
		return 0;
	}
	const keywords = keywordArguments(call);
	const positional = positionalArguments(call);
	let count = 0;
	for (const entry of params) {
		const kw = /\(([A-Za-z_]\w*)=\)$/.exec(entry.symbol)![1];
		const kwArg = keywords.get(kw);
		const posArg = entry.position !== undefined ? positional[entry.position] : undefined;
		const arg = kwArg ?? posArg;
		if (!arg) {
			continue;
		}
		const value = kwArg ? kwArg.childForFieldName('value') : posArg;
		let message: string | undefined;
		let fix: Fix | undefined;
		if (kw === 'cursor') {
			fix = cursorParamsFix(ctx, call, arg, entry);
			message = `\`${subject}(${kwArg ? 'cursor=...' : 'cursor'})\`: mcp 2.x removed the \`cursor\` argument of \`ClientSession.${callee.fqn.split('.').pop()}\` (a TypeError). ${entry.message}`;
		} else if (kw === 'uri') {
			if (value && isAnyUrl(ctx, value)) {
				fix = unwrapCallFix(value, 'AnyUrl');
				message = `\`${subject}(AnyUrl(...))\`: ${entry.message}`;
			}
		} else if (kw === 'allow_input_required') {
			if (value && !/^(False|None)$/.test(value.text) && !inputRequiredHandled(call)) {
				message = `\`${subject}(..., allow_input_required=...)\` can return an \`InputRequiredResult\`, and this result is used without checking for it. ${entry.message}`;
			}
		}
		if (!message) {
			continue;
		}
		ctx.reporter.report({
			code: entry.rule ?? 'MCP202',
			span: { start: arg.startIndex, end: arg.endIndex },
			message,
			symbol: entry.symbol,
			status: entry.status,
			noteId: entry.note,
			href: entry.href,
			fixes: fix ? [fix] : undefined,
		});
		count++;
	}
	return count;
}

function isAnyUrl(ctx: RuleContext, value: Node): boolean {
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

/** MCP206: calls of catalogued functions (anthropic converters), through any import spelling. */
function checkFunctionCalls(ctx: RuleContext, symbol: string): void {
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
			if (!resolved || resolved.fqn !== symbol || !resolved.entry.rule) {
				continue;
			}
			const subject = expr.text.length <= 60 ? expr.text.replace(/\s+/g, '') : name;
			ctx.reporter.report({
				code: resolved.entry.rule,
				span: { start: id.startIndex, end: id.endIndex },
				message: `\`${subject}(...)\` is anthropic's converter for an mcp \`ReadResourceResult\` (released in anthropic 0.84.0; there is no Anthropic resources client API, the "parallel Anthropic PR" never landed). ${resolved.entry.message}`,
				symbol: resolved.fqn,
				status: resolved.entry.status,
				noteId: resolved.entry.note,
				href: resolved.entry.href,
			});
			break;
		}
	}
}

const MOCK_NAMES = /(^|\.)(Mock|MagicMock|AsyncMock|NonCallableMock|NonCallableMagicMock|create_autospec|patch|mock)$/;

/**
 * True when a receiver that the evaluator could not type is nevertheless known to be something
 * other than an MCP client: `self` in a user class, a name bound by an import, a def or class, a
 * call of a local class or of another library's callable (mocks included), a literal, or an
 * annotated parameter whose annotation names another type.
 */
function isForeign(ctx: RuleContext, receiver: Node): boolean {
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

function valueIsForeign(ctx: RuleContext, value: Node): boolean {
	const v = unwrapExpression(value);
	if (v.type === 'call') {
		return calleeIsForeign(ctx, v);
	}
	return ['string', 'integer', 'float', 'list', 'dictionary', 'set', 'tuple', 'true', 'false', 'none', 'lambda'].includes(v.type);
}

function calleeIsForeign(ctx: RuleContext, call: Node): boolean {
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
function selfAttributeForeign(ctx: RuleContext, attribute: Node): boolean {
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
