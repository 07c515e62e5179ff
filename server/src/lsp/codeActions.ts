import {
	CodeAction, CodeActionKind, Diagnostic, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver';
import type { Settings } from '../settings';
import { ClientCommands, ServerCommands } from '../common/protocol';
import { diagnosticData, DiagnosticData, DocumentEdit } from './toDiagnostic';

// The quick-fix menu for the diagnostics of one request, laid out like Ruff's: every title says
// which tool and code it comes from (`MCP Auth Hints (MCP103): …`), the rewrites come first, then
// the documentation of each code, one suppression family per line (covering every code there),
// and "Disable rule in settings" once per code. Everything comes from the diagnostics' `data`;
// nothing is re-analysed here. Not for fix-all (fixAll.ts) or for running the commands.

export const TOOL_NAME = 'MCP Auth Hints';

export interface CodeActionContextInfo {
	settings: Settings;
	/** Whether the client applies versioned `documentChanges` (stale edits are then refused by it). */
	documentChanges: boolean;
	/** Current version of an open document, undefined when it is not open. */
	versionOf(uri: string): number | undefined;
}

/** `MCP Auth Hints (MCP103): <what>`, the prefix Ruff's actions have ("Ruff (F401): …"). */
export function prefixedTitle(codes: readonly string[], what: string): string {
	return `${TOOL_NAME} (${codes.join(', ')}): ${what}`;
}

interface Ours {
	diagnostic: Diagnostic;
	data: DiagnosticData;
}

export function buildCodeActions(diagnostics: readonly Diagnostic[], ctx: CodeActionContextInfo): CodeAction[] {
	const ours: Ours[] = diagnostics.flatMap((diagnostic) => {
		const data = diagnosticData(diagnostic);
		return data ? [{ diagnostic, data }] : [];
	});
	const actions: CodeAction[] = [];
	const seen = new Set<string>();
	const add = (key: unknown, title: string, covers: readonly Diagnostic[], rest: Partial<CodeAction>) => {
		const k = JSON.stringify(key);
		if (!seen.has(k)) {
			seen.add(k);
			actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [...covers], ...rest });
		}
	};
	const byCode = groupBy(ours, (o) => o.data.code);

	// 1. Rewrites, in diagnostic order (one import line yields the same rewrite for each name).
	for (const { diagnostic, data } of ours) {
		for (const fix of data.fixes) {
			const edit = workspaceEdit(fix.edits, ctx);
			if (edit) {
				add(['fix', fix.title, edit], prefixedTitle([data.code], fix.title), [diagnostic], { edit, ...(fix.safety === 'safe' ? { isPreferred: true } : {}) });
			}
		}
	}
	// 2. Documentation, per code: its note and its upstream guide. A code whose diagnostics here
	// point at several notes (or guides) names the symbol in each title so the entries differ.
	if (ctx.settings.codeAction.showDocumentation.enable) {
		for (const [code, list] of byCode) {
			const notes = groupBy(list.filter((o) => o.data.noteId), (o) => o.data.noteId!);
			for (const [noteId, withNote] of notes) {
				const title = prefixedTitle([code], `Open V2 note${notes.size > 1 ? forSymbol(withNote[0].data) : ''}`);
				add(['note', code, noteId], title, withNote.map((o) => o.diagnostic), { command: { title, command: ServerCommands.openNote, arguments: [noteId] } });
			}
			const guides = groupBy(list.filter((o) => guideOf(o)), (o) => guideOf(o)!);
			for (const [href, withGuide] of guides) {
				const title = prefixedTitle([code], `Open the upstream migration guide${guides.size > 1 ? forSymbol(withGuide[0].data) : ''}`);
				add(['guide', code, href], title, withGuide.map((o) => o.diagnostic), { command: { title, command: ServerCommands.openLink, arguments: [href] } });
			}
		}
	}
	// 3. One "on this line" and one "in this file" suppression per line, for every code on it.
	if (ctx.settings.codeAction.disableRuleComment.enable) {
		const lines = groupBy(ours.filter((o) => o.data.suppress), (o) => JSON.stringify([o.data.suppress!.line.uri, o.data.suppress!.line.range]));
		for (const list of lines.values()) {
			const codes = [...new Set(list.map((o) => o.data.code))].sort();
			const first = list.find((o) => o.data.code === codes[0])!.data.suppress!;
			const covers = list.map((o) => o.diagnostic);
			const line = workspaceEdit([withCodes(first.line, codes)], ctx);
			if (line) {
				add(['line', line], prefixedTitle(codes, 'Suppress on this line'), covers, { edit: line });
			}
			const file = workspaceEdit([withCodes(first.file, codes)], ctx);
			if (file) {
				add(['file', file], prefixedTitle(codes, 'Suppress in this file'), covers, { edit: file });
			}
		}
	}
	// 4. Turning the rule off, once per code.
	for (const [code, list] of byCode) {
		const title = prefixedTitle([code], 'Disable rule in settings');
		add(['disable', code], title, list.map((o) => o.diagnostic), { command: { title, command: ClientCommands.disableRule, arguments: [code] } });
	}
	return actions;
}

/**
 * A suppression edit made for its first code, extended to several: the reporter's edits
 * (analysis/suppressions.ts) end their code list with that code (`  # noqa: A`, `, A`, `,A`,
 * `# mcp-auth-hints: disable=A⏎`), so the other codes go right after its last occurrence, with
 * the separator that list uses.
 */
function withCodes(edit: DocumentEdit, codes: readonly string[]): DocumentEdit {
	const [code, ...rest] = codes;
	const at = edit.newText.lastIndexOf(code);
	if (rest.length === 0 || at < 0) {
		return edit;
	}
	const end = at + code.length;
	const separator = edit.newText.includes('noqa') || edit.newText.startsWith(', ') ? ', ' : ',';
	return { ...edit, newText: `${edit.newText.slice(0, end)}${rest.map((c) => `${separator}${c}`).join('')}${edit.newText.slice(end)}` };
}

/** The upstream guide of a diagnostic: its data's, else an https documentation link. */
function guideOf(o: Ours): string | undefined {
	const href = o.data.guide ?? o.diagnostic.codeDescription?.href;
	return href?.startsWith('https://') ? href : undefined;
}

function forSymbol(data: DiagnosticData): string {
	const name = data.symbol?.split('.').at(-1);
	return name ? ` for \`${name}\`` : '';
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		out.set(k, [...(out.get(k) ?? []), item]);
	}
	return out;
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
