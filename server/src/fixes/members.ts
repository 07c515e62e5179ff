import type { Node } from 'web-tree-sitter';
import type { Fix, FixSafety } from '../analysis/model';
import { fixOf, type KnowledgeEntry } from '../knowledge';
import type { FileContext } from '../facts/context';
import { replaceNode } from './edits';
import { ensureImport } from './imports';

// Rewrites of member accesses: a renamed member (`ctx.fastmcp` -> `ctx.mcp_server`, camelCase
// result fields -> snake_case) and a removed property whose V2 replacement is a function call
// (`ctx.client_id` -> `get_access_token().client_id`, with the import added).

/** Renames the attribute identifier to `newName`. */
export function renameMemberFix(id: Node, newName: string, safety: FixSafety): Fix | undefined {
	if (!/^[A-Za-z_]\w*$/.test(newName) || newName === id.text) {
		return undefined;
	}
	return { title: `Replace with \`.${newName}\``, safety, edits: [replaceNode(id, newName)] };
}

/**
 * `ctx.client_id` -> `get_access_token().client_id` (the entry's `callTarget` fix); review,
 * because the value now comes from the request's token (and `get_access_token()` returns None
 * outside an authenticated request).
 */
export function callTargetFix(ctx: FileContext, attribute: Node, entry: KnowledgeEntry): Fix | undefined {
	const target = fixOf(entry, 'callTarget');
	if (!target) {
		return undefined;
	}
	const { module, function: fn, attribute: attr } = target;
	const imported = ensureImport(ctx, module, fn, attribute.startIndex);
	if (!imported) {
		return undefined;
	}
	const edits = [replaceNode(attribute, `${fn}().${attr}`)];
	if (imported.edit) {
		edits.push(imported.edit);
	}
	return { title: `Replace with \`${fn}().${attr}\``, safety: target.safety ?? 'review', edits };
}
