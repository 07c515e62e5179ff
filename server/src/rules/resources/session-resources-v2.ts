import type { Fix } from '../../analysis/model';
import { cursorParamsFix, unwrapCallFix } from '../../fixes/calls';
import type { FileRule } from '../rule';

// MCP202 session-resources-v2: a ClientSession resources argument mcp 2.x rejects or treats
// differently: `cursor=` (removed: a TypeError), an `AnyUrl(...)` URI (V2 takes str), an
// `allow_input_required=True` result used without checking for `InputRequiredResult`.

const CODE = 'MCP202';

export const sessionResourcesV2: FileRule = {
	meta: {
		code: CODE, name: 'session-resources-v2', scope: 'file', defaultSeverity: 'warning', tags: [], fix: 'sometimes', v1Only: true,
		summary: 'A ClientSession resources argument mcp 2.x rejects: cursor=, AnyUrl(...) URIs, unhandled input-required results.',
	},
	check(ctx, report) {
		for (const site of ctx.facts.resources().sites) {
			for (const { args } of site.members) {
				for (const a of args) {
					const { entry } = a;
					if ((entry.rule ?? CODE) !== CODE) {
						continue;
					}
					let message: string;
					let fix: Fix | undefined;
					switch (a.kind) {
						case 'cursor':
							fix = cursorParamsFix(ctx, a.call, a.arg, entry);
							message = `\`${site.subject}(${a.byKeyword ? 'cursor=...' : 'cursor'})\`: mcp 2.x removed the \`cursor\` argument of \`ClientSession.${a.callee.fqn.split('.').pop()}\` (a TypeError). ${entry.message}`;
							break;
						case 'anyurl':
							fix = unwrapCallFix(a.value, 'AnyUrl', ctx);
							message = `\`${site.subject}(AnyUrl(...))\`: ${entry.message}`;
							break;
						case 'input-required':
							message = `\`${site.subject}(..., allow_input_required=...)\` can return an \`InputRequiredResult\`, and this result is used without checking for it. ${entry.message}`;
							break;
					}
					report({
						span: { start: a.arg.startIndex, end: a.arg.endIndex },
						message,
						symbol: entry.symbol,
						status: entry.status,
						noteId: entry.note,
						href: entry.href,
						fixes: fix ? [fix] : undefined,
					});
				}
			}
		}
	},
};
