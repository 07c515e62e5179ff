import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { LineIndex } from '../analysis/lineIndex';
import { applyEdits, selectGuardedFixes } from '../fixes/apply';
import { rewriteGuard, SourceCheck } from '../fixes/compileCheck';
import { FIX_ALL_CODE_ACTION_KIND } from '../common/protocol';
import { buildCodeActions, CodeActionContextInfo, workspaceEdit } from './codeActions';
import { diagnosticData, DocumentEdit } from './toDiagnostic';

// The code-action request as a whole: the per-diagnostic quick fixes (rewrite first), a "Fix all"
// entry in the quick-fix menu, and `source.fixAll.mcpAuthHints` for editor.codeActionsOnSave. Fix-all
// is computed from the document's current diagnostics (not the request's, which are empty on save)
// and merges the rewrites the way the CLI does; safe ones only unless
// mcpAuthHints.fixAll.includeReviewFixes is on.

export const FIX_ALL_KIND = FIX_ALL_CODE_ACTION_KIND;
/** "Migrate this file to V2": every V2 rewrite of the file as one edit (fixes/migrate.ts). */
export const MIGRATE_KIND = 'source.migrateToV2.mcpAuthHints';

/** Kinds the server advertises in its capabilities. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND, MIGRATE_KIND];

export interface CodeActionRequestDeps extends CodeActionContextInfo {
	/** The document's diagnostics at its current version (analysing if needed). */
	documentDiagnostics(uri: string): Promise<Diagnostic[]>;
	/** The CLI's fix guard (fixes/compileCheck.ts) for fix-all; without it edits are not checked. */
	guard?: FixAllGuard;
	/** The one edit migrating a document to V2 (fixes/migrate.ts), undefined when nothing changes. */
	migrate?(uri: string): DocumentEdit | undefined;
}

export interface FixAllGuard {
	/** Current text of an open document or notebook cell. */
	textOf(uri: string): string | undefined;
	/** Engine.checkSource. */
	check(text: string): SourceCheck;
}

function kindMatches(kind: string, only: readonly string[] | undefined): boolean {
	return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export async function codeActionsFor(params: CodeActionParams, deps: CodeActionRequestDeps): Promise<CodeAction[]> {
	const only = params.context.only;
	const out: CodeAction[] = [];
	const includeReview = deps.settings.fixAll.includeReviewFixes;
	if (kindMatches(CodeActionKind.QuickFix, only)) {
		out.push(...buildCodeActions(params.context.diagnostics, deps));
		// Offered next to a current diagnostic that has a rewrite (not for a stale request).
		const ours = params.context.diagnostics.some((d) => {
			const data = diagnosticData(d);
			return !!data && data.fixes.length > 0 && deps.versionOf(params.textDocument.uri) === data.version;
		});
		if (ours) {
			const all = fixAllAction(await deps.documentDiagnostics(params.textDocument.uri), deps, CodeActionKind.QuickFix, includeReview, deps.guard);
			if (all) {
				out.push(all);
			}
		}
	}
	// Source actions only when asked for (codeActionsOnSave, the Source Action menu). A bare
	// `source.fixAll` (every linter's, as Ruff and ESLint users set it on save) never applies a
	// rewrite that writes V2-only names: only our own kind, asked for by name, does.
	if (only && kindMatches(FIX_ALL_KIND, only)) {
		const scoped = only.some((o) => o === FIX_ALL_KIND);
		const all = fixAllAction(await deps.documentDiagnostics(params.textDocument.uri), deps, FIX_ALL_KIND, includeReview, deps.guard, scoped);
		if (all) {
			out.push(all);
		}
	}
	const migration = only && kindMatches(MIGRATE_KIND, only) ? deps.migrate?.(params.textDocument.uri) : undefined;
	const migrationEdit = migration && workspaceEdit([migration], deps);
	if (migrationEdit) {
		out.push({ title: 'Migrate this file to MCP V2 (every rewrite at once)', kind: MIGRATE_KIND, edit: migrationEdit });
	}
	return out;
}

/** One action applying every non-overlapping rewrite of these diagnostics; undefined when none apply. */
export function fixAllAction(diagnostics: readonly Diagnostic[], ctx: CodeActionContextInfo, kind: string, includeReview: boolean, guard?: FixAllGuard, allowV2Only = true): CodeAction | undefined {
	const fixes = diagnostics.flatMap((d) => diagnosticData(d)?.fixes ?? []).filter((f) => allowV2Only || !f.v2Only);
	const edits = selectGuardedFixes(fixes, interval, { includeReview }, guard ? refusal(guard) : () => undefined);
	if (edits.length === 0) {
		return undefined;
	}
	const edit = workspaceEdit(edits, ctx);
	if (!edit) {
		return undefined;
	}
	const title = includeReview ? 'Fix all MCP V2 rewrites in this file (including review fixes)' : 'Fix all safe MCP V2 rewrites in this file';
	return { title, kind, edit };
}

/** Positions as comparable numbers (a line holds fewer than 2^22 UTF-16 units under maxFileSize's default). */
function interval(e: DocumentEdit): { start: number; end: number; doc: string } {
	const at = (p: { line: number; character: number }) => p.line * 4_194_304 + p.character;
	return { start: at(e.range.start), end: at(e.range.end), doc: e.uri };
}

/** Why a set of fix-all edits must not be applied (per document or cell, as the CLI guards a file). */
function refusal(guard: FixAllGuard): (edits: readonly DocumentEdit[]) => string | undefined {
	const verifiers = new Map<string, { text: string; lines: LineIndex; verify: (text: string) => string | undefined }>();
	return (edits) => {
		const byUri = new Map<string, DocumentEdit[]>();
		for (const e of edits) {
			byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
		}
		for (const [uri, list] of byUri) {
			let v = verifiers.get(uri);
			const text = v?.text ?? guard.textOf(uri);
			if (text === undefined) {
				continue;
			}
			if (!v) {
				v = { text, lines: new LineIndex(text), verify: rewriteGuard(guard.check, text) };
				verifiers.set(uri, v);
			}
			const lines = v.lines;
			const why = v.verify(applyEdits(text, list.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText }))));
			if (why !== undefined) {
				return why;
			}
		}
		return undefined;
	};
}
