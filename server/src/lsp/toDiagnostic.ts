import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { SpanLocation } from '../workspace/notebookText';
import type { Finding, FindingTag, Range, Severity, Span } from '../analysis/model';
import { DIAGNOSTIC_SOURCE } from '../common/protocol';

// Finding → LSP Diagnostic, nothing else: no I/O, no state. Everything a later code action needs
// travels in `data`, already resolved to (uri, version, range) so the code-action handler neither
// re-analyses nor maps notebook offsets again.

/** A text edit on one document, at the version the finding was computed on. */
export interface DocumentEdit {
	uri: string;
	version: number;
	range: Range;
	newText: string;
}

export interface DiagnosticData {
	code: string;
	noteId?: string;
	symbol?: string;
	/**
	 * The upstream migration guide (https), also in `codeDescription.href`; kept here because a
	 * client may point that link at its own copy of the rule page (the VS Code client does).
	 */
	guide?: string;
	suppress?: { line: DocumentEdit; file: DocumentEdit };
	fixes: { title: string; safety: 'safe' | 'review'; v2Only?: boolean; edits: DocumentEdit[] }[];
	/** Version of the document the diagnostic belongs to. */
	version: number;
}

/** Where a span of the analysed text lives: the document itself or, in a notebook, one cell. */
export type { SpanLocation };

export interface Placement {
	/** The diagnostic's range in the document it is reported on. */
	range: Range;
	version: number;
	locate(span: Span): SpanLocation;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

const TAG: Record<FindingTag, DiagnosticTag> = {
	deprecated: DiagnosticTag.Deprecated,
	unnecessary: DiagnosticTag.Unnecessary,
};

export function toDiagnostic(finding: Finding, placement: Placement): Diagnostic {
	const edit = (span: Span, newText: string): DocumentEdit => {
		const where = placement.locate(span);
		return { uri: where.uri, version: where.version, range: where.range, newText };
	};
	const data: DiagnosticData = {
		code: finding.code,
		noteId: finding.noteId,
		symbol: finding.symbol,
		...(finding.href.startsWith('https://') ? { guide: finding.href } : {}),
		suppress: finding.suppress && {
			line: edit(finding.suppress.line.span, finding.suppress.line.newText),
			file: edit(finding.suppress.file.span, finding.suppress.file.newText),
		},
		fixes: finding.fixes.map((fix) => ({
			title: fix.title,
			safety: fix.safety,
			...(fix.v2Only ? { v2Only: true } : {}),
			edits: fix.edits.map((e) => edit(e.span, e.newText)),
		})),
		version: placement.version,
	};
	const diagnostic: Diagnostic = {
		range: placement.range,
		severity: SEVERITY[finding.severity],
		source: DIAGNOSTIC_SOURCE,
		code: finding.code,
		codeDescription: { href: finding.href },
		message: finding.message,
		data,
	};
	if (finding.tags.length > 0) {
		diagnostic.tags = finding.tags.map((t) => TAG[t]);
	}
	return diagnostic;
}

/** Narrows a diagnostic's `data` coming back from the client (code-action requests). */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
	if (diagnostic.source !== DIAGNOSTIC_SOURCE) {
		return undefined;
	}
	const data: unknown = diagnostic.data;
	if (typeof data !== 'object' || data === null) {
		return undefined;
	}
	const d = data as Partial<DiagnosticData>;
	if (typeof d.code !== 'string' || typeof d.version !== 'number' || !Array.isArray(d.fixes)) {
		return undefined;
	}
	return d as DiagnosticData;
}
