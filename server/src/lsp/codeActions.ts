import {
	CodeAction, CodeActionKind, Diagnostic, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver';
import type { Settings } from '../settings';
import { ClientCommands, ServerCommands } from '../shared/protocol';
import { diagnosticData, DocumentEdit } from './toDiagnostic';

// Quick fixes for our diagnostics, per diagnostic in a fixed order: mechanical fixes, the note,
// the upstream guide, line suppression, file suppression, disabling the rule in settings.
// Everything comes from the diagnostic's `data`; nothing is re-analysed here.

export interface CodeActionContextInfo {
	settings: Settings;
	/** Whether the client applies versioned `documentChanges` (stale edits are then refused by it). */
	documentChanges: boolean;
	/** Current version of an open document, undefined when it is not open. */
	versionOf(uri: string): number | undefined;
}

export function buildCodeActions(diagnostics: readonly Diagnostic[], ctx: CodeActionContextInfo): CodeAction[] {
	const actions: CodeAction[] = [];
	const seen = new Set<string>();
	const add = (action: CodeAction) => {
		// One import line yields one diagnostic per name, all with the same suppression edit.
		const key = JSON.stringify([action.title, action.edit ?? action.command]);
		if (!seen.has(key)) {
			seen.add(key);
			actions.push(action);
		}
	};

	for (const diagnostic of diagnostics) {
		const data = diagnosticData(diagnostic);
		if (!data) {
			continue;
		}
		const code = data.code;
		const quickfix = (title: string, rest: Partial<CodeAction>): CodeAction =>
			({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...rest });

		for (const fix of data.fixes) {
			const edit = workspaceEdit(fix.edits, ctx);
			if (edit) {
				add(quickfix(fix.title, { edit, ...(fix.safety === 'safe' ? { isPreferred: true } : {}) }));
			}
		}
		if (ctx.settings.codeAction.showDocumentation.enable) {
			if (data.noteId) {
				const title = `Open V2 note for ${code}`;
				add(quickfix(title, { command: { title, command: ServerCommands.openNote, arguments: [data.noteId] } }));
			}
			const href = diagnostic.codeDescription?.href;
			if (href && href.startsWith('https://')) {
				const title = `Open the upstream migration guide for ${code}`;
				add(quickfix(title, { command: { title, command: ServerCommands.openLink, arguments: [href] } }));
			}
		}
		if (ctx.settings.codeAction.disableRuleComment.enable && data.suppress) {
			const line = workspaceEdit([data.suppress.line], ctx);
			if (line) {
				add(quickfix(`Suppress ${code} on this line`, { edit: line }));
			}
			const file = workspaceEdit([data.suppress.file], ctx);
			if (file) {
				add(quickfix(`Suppress ${code} in this file`, { edit: file }));
			}
		}
		const title = `Disable ${code} in settings`;
		add(quickfix(title, { command: { title, command: ClientCommands.disableRule, arguments: [code] } }));
	}
	return actions;
}

/** Undefined when an edit targets a document that changed since the analysis (or was closed). */
export function workspaceEdit(edits: readonly DocumentEdit[], ctx: CodeActionContextInfo): WorkspaceEdit | undefined {
	if (edits.length === 0 || edits.some((e) => ctx.versionOf(e.uri) !== e.version)) {
		return undefined;
	}
	const byUri = new Map<string, DocumentEdit[]>();
	for (const e of edits) {
		byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
	}
	if (ctx.documentChanges) {
		return {
			documentChanges: [...byUri].map(([uri, list]) => TextDocumentEdit.create(
				OptionalVersionedTextDocumentIdentifier.create(uri, list[0].version),
				list.map((e) => TextEdit.replace(e.range, e.newText)),
			)),
		};
	}
	return { changes: Object.fromEntries([...byUri].map(([uri, list]) => [uri, list.map((e) => TextEdit.replace(e.range, e.newText))])) };
}
