import type { Fix } from '../../analysis/model';
import { cursorParamsFix, unwrapCallFix } from '../../fixes/calls';
import { fit } from '../messages';
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
							message = fit([`\`cursor\` removed from \`${a.callee.fqn.split('.').pop()}()\` in V2: pass params=PaginatedRequestParams(cursor=...)`, `\`cursor\` removed from \`${a.callee.fqn.split('.').pop()}()\` in V2 (TypeError)`]);
							break;
						case 'anyurl':
							fix = unwrapCallFix(a.value, 'AnyUrl', ctx);
							message = 'V2 types the URI as str, not AnyUrl: pass str(url)';
							break;
						case 'input-required':
							message = fit([`\`${site.subject}(...)\` may return an InputRequiredResult: check for it before use`, 'this call may return an InputRequiredResult: check for it before use']);
							break;
					}
					report({
						span: { start: a.arg.startIndex, end: a.arg.endIndex },
						message,
						detail: entry.message,
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
