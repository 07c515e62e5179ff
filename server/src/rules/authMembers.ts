import type { Node } from 'web-tree-sitter';
import type { KnowledgeEntry } from '../knowledge';
import { sameNode } from '../analysis/syntax';
import type { RuleContext } from './context';
import { checkCall } from './authUses';
import { composeMessage, ruleForStatus } from './verdict';
import type { Fix } from '../analysis/model';
import { callTargetFix, renameMemberFix } from '../fixes/members';

// Members read on instances: `ctx.client_id` where `ctx: Context`, `mcp.get_context()` where
// `mcp = FastMCP(...)`, `mcp.settings.port = ...`. The member names come from the knowledge data;
// each hit's receiver is evaluated on demand, and only receivers known to be instances of the
// catalogued class are reported (an unrelated `.client_id` is left alone).

export function checkMembers(ctx: RuleContext): void {
	const { root, knowledge } = ctx;
	for (const member of knowledge.memberNamesList()) {
		for (const id of ctx.binder.attributeNames(member, root)) {
			const attribute = id.parent!;
			const receiver = attribute.childForFieldName('object');
			if (!receiver) {
				continue;
			}
			for (const v of ctx.evaluator.valueOfExpr(receiver)) {
				if (v.kind !== 'instance') {
					continue;
				}
				const resolved = knowledge.member(v.cls, member);
				if (!resolved) {
					continue;
				}
				const { entry } = resolved;
				const subject = attribute.text.length <= 60 ? attribute.text.replace(/\s+/g, '') : member;
				ctx.reporter.report({
					code: entry.rule ?? ruleForStatus(entry.status, entry.quietUses),
					span: { start: id.startIndex, end: id.endIndex },
					message: composeMessage(subject, resolved),
					symbol: resolved.fqn,
					status: entry.status,
					noteId: entry.note,
					href: entry.href,
					fixes: memberFixes(ctx, id, attribute, entry),
				});
				const call = attribute.parent;
				if (call && call.type === 'call' && sameNode(call.childForFieldName('function'), attribute)) {
					checkCall(ctx, call, { resolved, expr: attribute, name: id });
				}
			}
		}
	}
}

/** `ctx.fastmcp` -> `ctx.mcp_server` (fix.name); `ctx.client_id` -> `get_access_token().client_id` (target shape). */
function memberFixes(ctx: RuleContext, id: Node, attribute: Node, entry: KnowledgeEntry): Fix[] | undefined {
	const fix = entry.fix?.name && (entry.status === 'renamed' || entry.status === 'moved')
		? renameMemberFix(id, entry.fix.name, entry.fix.safety ?? 'review')
		: entry.status === 'removed' ? callTargetFix(ctx, attribute, entry) : undefined;
	return fix ? [fix] : undefined;
}
