import { Diagnostic, Hover, MarkdownString, Uri } from 'vscode';
import type { Middleware, vsdiag } from 'vscode-languageclient';
import { ClientCommands, DIAGNOSTIC_SOURCE, ServerCommands } from '../../server/src/common/protocol';
import { noteUri, ruleUri, showPreview } from './docs';
import { isHiddenPull } from './hiddenDocuments';

// How the VS Code client adjusts what the (editor-neutral) language server sends, so documentation
// opens rendered and offline: a diagnostic's documentation link points at its bundled rule page,
// "Open V2 note" shows the note in the Markdown preview, and the hover's "Open note" link runs the
// one command that does that; and the last pull of a document whose tab closed is reported (see
// hiddenDocuments.ts). Nothing here analyses or re-words a finding. Not for the web client's
// transport (it shares these functions, not the LanguageClient).

/** A hover link to a bundled note, as the server writes it: a file: URI ending in notes/<id>.md. */
const NOTE_LINK = /\]\(file:[^)\s]*\/notes\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md\)/g;

/**
 * The hover's note links become command links to `mcpAuthHints.openNote` with the note id as the
 * only argument. The id matched the knowledge's id shape, and the string is trusted for that one
 * command only: anything else in the hover (workspace names, escaped by the server) stays inert.
 */
export function withNoteCommands(hover: Hover): Hover {
	let changed = false;
	const contents = hover.contents.map((part) => {
		const value = typeof part === 'string' ? part : part.value;
		const rewritten = value.replace(NOTE_LINK, (_all, id: string) => {
			changed = true;
			return `](command:${ClientCommands.openNote}?${encodeURIComponent(JSON.stringify([id]))})`;
		});
		if (rewritten === value) {
			return part;
		}
		const md = new MarkdownString(rewritten);
		md.isTrusted = { enabledCommands: [ClientCommands.openNote] };
		return md;
	});
	return changed ? new Hover(contents, hover.range) : hover;
}

/** Our diagnostics' documentation link (`code.target`) opens the bundled rule page. */
export function withRulePages(diagnostics: Diagnostic[]): Diagnostic[] {
	for (const d of diagnostics) {
		if (d.source !== DIAGNOSTIC_SOURCE) {
			continue;
		}
		const value = typeof d.code === 'object' ? d.code.value : d.code;
		const target = value === undefined ? undefined : ruleUri(String(value));
		if (value !== undefined && target) {
			d.code = { value, target };
		}
	}
	return diagnostics;
}

function documentReport<T extends vsdiag.DocumentDiagnosticReport | vsdiag.WorkspaceDocumentDiagnosticReport>(report: T): T {
	if (report.kind === 'full') {
		withRulePages(report.items);
	}
	return report;
}

/** Opens a bundled note in the preview; false for an id that is not one. */
export async function openNote(id: unknown): Promise<boolean> {
	const uri = typeof id === 'string' ? noteUri(id) : undefined;
	if (!uri) {
		return false;
	}
	await showPreview(uri);
	return true;
}

export interface MiddlewareHooks {
	/** A document pull for a file no tab shows has been answered (the client is about to drop it). */
	documentHidden(uri: Uri): void;
}

export function createMiddleware(hooks: MiddlewareHooks): Middleware {
	return {
		provideHover: async (document, position, token, next) => {
			const hover = await next(document, position, token);
			return hover ? withNoteCommands(hover) : hover;
		},
		provideDiagnostics: async (document, previousResultId, token, next) => {
			const report = await next(document, previousResultId, token);
			const uri = document instanceof Uri ? document : document.uri;
			if (isHiddenPull(uri)) {
				hooks.documentHidden(uri);
			}
			return report ? documentReport(report) : report;
		},
		provideWorkspaceDiagnostics: async (resultIds, token, resultReporter, next) => {
			const report = await next(resultIds, token, (chunk) => {
				chunk?.items.forEach(documentReport);
				resultReporter(chunk);
			});
			report?.items.forEach(documentReport);
			return report;
		},
		executeCommand: async (command, args, next) => {
			// The server's "open note" would show the installed file as an editable text file.
			if (command === ServerCommands.openNote && (await openNote(args[0]))) {
				return undefined;
			}
			return next(command, args);
		},
	};
}
