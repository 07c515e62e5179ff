import type { Node } from 'web-tree-sitter';
import type { Knowledge, Resolved } from '../../knowledge';
import type { FileRule, ReportFn } from '../rule';
import { fit, resolvedDetail, shortSubject, statusPhrase } from '../messages';

// MCP101 auth-import: every imported name from a tracked auth package (or anything catalogued),
// with its V2 verdict; a wildcard import of one (its uses cannot be tracked); an
// `import_module("...")` of a catalogued module. A Hint: an inventory, not a break (the break, if
// any, is auth-removed's, on the same import). Information only where a human must look: a
// wildcard, or a name the knowledge has no verdict for.

export const authImport: FileRule = {
	meta: {
		code: 'MCP101', name: 'auth-import', scope: 'file', defaultSeverity: 'hint', tags: [], fix: 'none', v1Only: false,
		summary: 'An import from an mcp auth package or mcp.server.fastmcp, with the imported name\'s V2 verdict.',
	},
	check(ctx, report) {
		const facts = ctx.facts.imports();
		for (const w of facts.wildcards) {
			report({
				span: { start: w.node.startIndex, end: w.node.endIndex },
				severity: 'information',
				message: fit([`\`from ${w.moduleFqn} import *\`: import names explicitly to get their V2 verdicts`, '`import *`: import names explicitly to get their V2 verdicts']),
				detail: w.moduleResolved?.entry.message,
				symbol: w.moduleFqn,
				status: w.moduleResolved?.entry.status,
				noteId: w.moduleResolved?.entry.note,
				href: w.moduleResolved?.entry.href,
			});
		}
		for (const n of facts.names) {
			if (n.resolved) {
				reportResolved(report, n.node, n.fqn, n.resolved, ctx.knowledge.availability(n.fqn, ctx.mcpVersion));
			} else {
				const parent = n.fqn.slice(0, n.fqn.lastIndexOf('.'));
				const moduleVerdict = ctx.knowledge.lookup(parent);
				const unknown = ctx.knowledge.unknownName(n.fqn);
				const what = unknown
					? `is not importable from any mcp release ${unknown.releases.first} to ${unknown.releases.last}`
					: 'has no V2 verdict here: check it against the migration guide';
				report({
					span: { start: n.node.startIndex, end: n.node.endIndex },
					severity: 'information',
					message: fit([`\`${n.fqn}\` ${what}`, `\`${shortSubject(n.fqn)}\` ${what}`]),
					detail: moduleVerdict ? `Its module ${statusPhrase(moduleVerdict)[0]}.` : undefined,
					symbol: n.fqn,
					noteId: moduleVerdict?.entry.note,
					href: moduleVerdict?.entry.href,
				});
			}
		}
		for (const i of facts.importlib) {
			reportResolved(report, i.node, i.fqn, i.resolved);
		}
	},
};

function reportResolved(report: ReportFn, node: Node, fqn: string, resolved: Resolved, absent?: ReturnType<Knowledge['availability']>): void {
	const pinned = absent ? ` Not importable from mcp ${absent.version}, the release this project resolves: ${absent.from ? `it exists from ${absent.from}` : `it was last in ${absent.until}`}.` : '';
	report({
		span: { start: node.startIndex, end: node.endIndex },
		// Not in the release the project resolves: the import fails there today, whatever V2 does.
		message: absent
			? fit([`\`${fqn}\` is not in mcp ${absent.version} (${absent.from ? `exists from ${absent.from}` : `last in ${absent.until}`})`,
				`\`${shortSubject(fqn)}\` is not in mcp ${absent.version} (${absent.from ? `exists from ${absent.from}` : `last in ${absent.until}`})`])
			: fit([...statusPhrase(resolved).map((p) => `\`${fqn}\` ${p}`), ...statusPhrase(resolved).map((p) => `\`${shortSubject(fqn)}\` ${p}`)]),
		detail: resolvedDetail(resolved) + pinned,
		symbol: resolved.fqn,
		status: resolved.entry.status,
		noteId: resolved.entry.note,
		href: resolved.entry.href,
	});
}
