import type { Node } from 'web-tree-sitter';
import type { Resolved } from '../knowledge';
import type { RuleContext } from './context';
import { composeMessage, verdictPhrase } from './verdict';
import { plainStringContent } from '../analysis/syntax';
import type { Fix } from '../analysis/model';
import { importStatementFix } from '../fixes/imports';

// MCP101 on every imported name from a tracked auth package (or anything catalogued), carrying
// its verdict; MCP103 where the import itself fails in V2 (a moved module path such as
// `mcp.server.fastmcp`, or a removed name). Also `importlib.import_module("literal")`.

const BREAKS_IMPORT = new Set(['moved', 'renamed', 'removed']);

export function checkImports(ctx: RuleContext): void {
	const { knowledge, reporter } = ctx;
	for (const info of ctx.imports) {
		if (info.relative) {
			continue;
		}
		if (info.moduleNode && info.moduleFqn) {
			if (isLocal(ctx, info.moduleFqn)) {
				continue;
			}
			const rewrite = importStatementFix(ctx, info);
			const moduleVerdict = knowledge.lookup(info.moduleFqn);
			const moduleBreaks = !!moduleVerdict && BREAKS_IMPORT.has(moduleVerdict.entry.status);
			if (moduleVerdict && moduleBreaks) {
				reportResolved(ctx, 'MCP103', info.moduleNode, info.moduleFqn, moduleVerdict,
					`\`from ${info.moduleFqn} import ...\` fails in V2: \`${info.moduleFqn}\` is ${verdictPhrase(moduleVerdict)}. ${moduleVerdict.entry.message}`,
					rewrite ? [rewrite.fix] : undefined);
			}
			if (info.wildcard && (moduleVerdict || knowledge.isTracked(info.moduleFqn))) {
				const verdict = moduleVerdict ? ` The module is ${verdictPhrase(moduleVerdict)}.` : '';
				reporter.report({
					code: 'MCP101',
					span: { start: info.wildcard.startIndex, end: info.wildcard.endIndex },
					message: `\`from ${info.moduleFqn} import *\`: uses of the names it brings in cannot be tracked; import them by name to get their V2 verdicts.${verdict}`,
					symbol: info.moduleFqn,
					status: moduleVerdict?.entry.status,
					noteId: moduleVerdict?.entry.note,
					href: moduleVerdict?.entry.href,
				});
			}
			for (const name of info.names) {
				const resolved = knowledge.lookup(name.importedFqn);
				if (resolved) {
					reportResolved(ctx, 'MCP101', name.nameNode, name.importedFqn, resolved);
					if (!moduleBreaks && BREAKS_IMPORT.has(resolved.entry.status) && resolved.entry.kind !== 'param') {
						reportResolved(ctx, 'MCP103', name.nameNode, name.importedFqn, resolved,
							`Importing \`${name.nameNode.text}\` from \`${info.moduleFqn}\` fails in V2: it is ${verdictPhrase(resolved)}. ${resolved.entry.message}`,
							rewrite?.covers.has(name.bindingNode.startIndex) ? [rewrite.fix] : undefined);
					}
				} else if (knowledge.isTracked(name.importedFqn)) {
					reportUncatalogued(ctx, name.nameNode, name.importedFqn);
				}
			}
			continue;
		}
		const rewrite = importStatementFix(ctx, info);
		for (const name of info.names) {
			if (isLocal(ctx, name.importedFqn)) {
				continue;
			}
			const resolved = knowledge.lookup(name.importedFqn);
			if (resolved) {
				reportResolved(ctx, 'MCP101', name.nameNode, name.importedFqn, resolved);
				if (BREAKS_IMPORT.has(resolved.entry.status)) {
					reportResolved(ctx, 'MCP103', name.nameNode, name.importedFqn, resolved,
						`\`import ${name.importedFqn}\` fails in V2: it is ${verdictPhrase(resolved)}. ${resolved.entry.message}`,
						rewrite?.covers.has(name.bindingNode.startIndex) ? [rewrite.fix] : undefined);
				}
			} else if (knowledge.isTracked(name.importedFqn)) {
				reportUncatalogued(ctx, name.nameNode, name.importedFqn);
			}
		}
	}
	checkImportlibCalls(ctx);
}

function isLocal(ctx: RuleContext, fqn: string): boolean {
	return ctx.localModules.has(fqn.split('.')[0]);
}

function reportResolved(ctx: RuleContext, code: string, node: Node, fqn: string, resolved: Resolved, message?: string, fixes?: Fix[]): void {
	ctx.reporter.report({
		code,
		span: { start: node.startIndex, end: node.endIndex },
		message: message ?? composeMessage(fqn, resolved),
		symbol: resolved.fqn,
		status: resolved.entry.status,
		noteId: resolved.entry.note,
		href: resolved.entry.href,
		fixes,
	});
}

function reportUncatalogued(ctx: RuleContext, node: Node, fqn: string): void {
	const parent = fqn.slice(0, fqn.lastIndexOf('.'));
	const moduleVerdict = ctx.knowledge.lookup(parent);
	ctx.reporter.report({
		code: 'MCP101',
		span: { start: node.startIndex, end: node.endIndex },
		message: `\`${fqn}\` is not part of the v1.26.0 public auth surface (a V2-only addition or a private name); check it against the V2 migration guide.${moduleVerdict ? ` Its module is ${verdictPhrase(moduleVerdict)}.` : ''}`,
		symbol: fqn,
		noteId: moduleVerdict?.entry.note,
		href: moduleVerdict?.entry.href,
	});
}

/** `importlib.import_module("mcp.server.auth.provider")` is an import spelled as a call. */
function checkImportlibCalls(ctx: RuleContext): void {
	for (const call of importModuleCalls(ctx)) {
		const first = call.childForFieldName('arguments')?.namedChild(0);
		const content = first ? plainStringContent(first) : null;
		if (!content || isLocal(ctx, content.text)) {
			continue;
		}
		const resolved = ctx.knowledge.lookup(content.text);
		if (resolved) {
			reportResolved(ctx, 'MCP101', content, content.text, resolved);
			if (BREAKS_IMPORT.has(resolved.entry.status)) {
				reportResolved(ctx, 'MCP103', content, content.text, resolved,
					`\`import_module("${content.text}")\` fails in V2: it is ${verdictPhrase(resolved)}. ${resolved.entry.message}`);
			}
		}
	}
}

/**
 * Calls of `importlib.import_module(...)` (however importlib was imported): the callee is spelled
 * `import_module` and the evaluator confirms where it comes from.
 */
export function importModuleCalls(ctx: RuleContext): Node[] {
	const out: Node[] = [];
	for (const id of ctx.binder.identifiers('import_module')) {
		const callee = id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id ? id.parent : id;
		const call = callee.parent;
		if (call && call.type === 'call' && call.childForFieldName('function')?.id === callee.id
			&& ctx.evaluator.valueOfExpr(callee).some((v) => v.kind === 'symbol' && v.fqn === 'importlib.import_module')) {
			out.push(call);
		}
	}
	return out;
}
