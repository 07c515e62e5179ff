import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextChange } from '../engine';
import type { AnalyzedDocument, Analyzer } from '../pool/analyzer';

// The language server's document: the LSP bookkeeping plus the engine's document, which keeps its
// syntax tree between analyses (in the analysis worker, server/src/pool). Plugged into
// TextDocuments as its configuration, so every incremental change the client sends is applied to
// the engine's tree edit by edit (waiting for onDidChangeContent would only give the final text and
// force a full re-parse).

export class SyncedDocument {
	/** When the last edit arrived (Date.now()); the debounce counts from here. */
	lastChangeAt = 0;

	constructor(
		readonly uri: string,
		readonly languageId: string,
		public version: number,
		readonly engineDocument: AnalyzedDocument,
	) {}

	get text(): string {
		return this.engineDocument.text;
	}

	get isPython(): boolean {
		return this.languageId === 'python';
	}
}

export function syncedDocuments(analyzer: () => Analyzer): TextDocumentsConfiguration<SyncedDocument> {
	return {
		create: (uri, languageId, version, content) =>
			new SyncedDocument(uri, languageId, version, analyzer().openDocument(content)),
		update: (document, changes, version) => {
			document.engineDocument.applyChanges(changes.map(toTextChange));
			document.version = version;
			document.lastChangeAt = Date.now();
			return document;
		},
	};
}

function toTextChange(change: TextDocumentContentChangeEvent): TextChange {
	return 'range' in change ? { range: change.range, text: change.text } : { text: change.text };
}
