import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../analysis/model';
import type { ImportStatementInfo } from '../../analysis/imports';
import { importStatementFix } from '../../fixes/imports';
import type { KnowledgeEntry, Resolved } from '../../knowledge';
import { argumentReport, claimedArguments, keywordFixes, useFixes, useReport, writesV2 } from '../entryUses';
import type { FileRule } from '../rule';
import { fit, shortSubject, statusPhrase } from '../messages';

// MCP103 auth-removed: what fails in V2 because a name or module is gone: an import of a moved,
// renamed or removed module or name (`from mcp.server.fastmcp import ...` once, on the module
// path; a removed name on itself), `import_module("...")` of one, every use of such a name, and
// a passed parameter V2 removed or moved. Carries the import rewrite where one is mechanical.
// An Error once the project resolves mcp >= 2 (the import fails at start-up).

const BREAKS = new Set(['moved', 'renamed', 'removed']);

export const claimsUse = (e: KnowledgeEntry): boolean => !e.rule && !e.quietUses && BREAKS.has(e.status);
export const claimsArgument = (e: KnowledgeEntry): boolean => !e.rule && BREAKS.has(e.status);
const breaks = (r: Resolved | undefined): r is Resolved => !!r && BREAKS.has(r.entry.status);

export const authRemoved: FileRule = {
	meta: {
		code: 'MCP103', name: 'auth-removed', scope: 'file', defaultSeverity: 'warning', severityWhenV2: 'error', tags: ['deprecated'], fix: 'sometimes', v1Only: true,
		summary: 'A use of a symbol that V2 removed, moved or renamed (FastMCP included).',
	},
	check(ctx, report) {
		const facts = ctx.facts.imports();
		const rewrites = new Map<ImportStatementInfo, ReturnType<typeof importStatementFix>>();
		const rewriteOf = (statement: ImportStatementInfo) => {
			if (!rewrites.has(statement)) {
				rewrites.set(statement, importStatementFix(ctx, statement));
			}
			return rewrites.get(statement);
		};
		const importReport = (node: Node, resolved: Resolved, message: string, fixes?: Fix[]) => report({
			span: { start: node.startIndex, end: node.endIndex },
			message,
			detail: resolved.entry.message,
			symbol: resolved.fqn,
			status: resolved.entry.status,
			noteId: resolved.entry.note,
			href: resolved.entry.href,
			fixes,
		});
		for (const m of facts.modules) {
			if (breaks(m.resolved)) {
				const rewrite = rewriteOf(m.statement);
				importReport(m.node, m.resolved, importMessage(m.moduleFqn, m.resolved, true),
					writesV2(rewrite ? [rewrite.fix] : undefined));
			}
		}
		for (const n of facts.names) {
			if (!breaks(n.resolved) || (n.form === 'from' && (breaks(n.moduleResolved) || n.resolved.entry.kind === 'param'))) {
				continue;
			}
			const rewrite = rewriteOf(n.statement);
			const message = n.form === 'from' ? importMessage(n.name.nameNode.text, n.resolved) : importMessage(n.fqn, n.resolved, !!ctx.knowledge.graph?.knowsModule(n.fqn));
			importReport(n.node, n.resolved, message, writesV2(rewrite?.covers.has(n.name.bindingNode.startIndex) ? [rewrite.fix] : undefined));
		}
		for (const i of facts.importlib) {
			if (breaks(i.resolved)) {
				importReport(i.node, i.resolved, importMessage(i.fqn, i.resolved, true));
			}
		}
		for (const use of ctx.facts.uses().uses) {
			if (claimsUse(use.resolved.entry)) {
				report(useReport(ctx, use, useFixes(ctx, use, true)));
			}
		}
		for (const { call, arg } of claimedArguments(ctx, claimsArgument)) {
			report(argumentReport(call, arg, keywordFixes(ctx, call, arg)));
		}
	},
};


/** "`mcp.server.fastmcp` moved to `mcp.server.mcpserver` in V2: this import fails", fitted. */
function importMessage(subject: string, resolved: Resolved, isModule?: boolean): string {
	const phrases = statusPhrase(resolved, undefined, isModule);
	return fit(phrases.flatMap((p) => [`\`${subject}\` ${p}: this import fails`, `\`${subject}\` ${p}`, `\`${shortSubject(subject)}\` ${p}`]));
}
