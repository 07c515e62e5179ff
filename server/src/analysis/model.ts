// Plain data shared by the engine, the language server, the CLI and the tests.
// Positions are LSP positions (0-based line, UTF-16 code units) so nothing downstream converts again;
// the engine itself never imports from `vscode-languageserver`.

export interface Position {
	line: number;
	character: number;
}

export interface Range {
	start: Position;
	end: Position;
}

/** Offsets are UTF-16 code-unit indices into the analysed text. */
export interface Span {
	start: number;
	end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** `added`: a V2-only API (no mcp 1.x release has it), for entries that type V2 code or name a V2-only field. */
export type V2Status = 'unchanged' | 'signature_changed' | 'moved' | 'renamed' | 'removed' | 'watch' | 'added';

export type FindingTag = 'deprecated' | 'unnecessary';

/** A text replacement on the analysed document; offsets are UTF-16 indices. */
export interface TextReplacement {
	span: Span;
	newText: string;
}

export type FixSafety = 'safe' | 'review';

export interface Fix {
	title: string;
	safety: FixSafety;
	edits: TextReplacement[];
	/**
	 * The rewrite writes names that exist only in mcp 2 (`mcp.server.mcpserver`, `ctx.mcp_server`,
	 * `run(port=...)`): in a project that runs mcp 1 it is a review fix, and a bare `source.fixAll`
	 * (one not scoped to this extension) never applies it.
	 */
	v2Only?: boolean;
}

/**
 * One thing the engine found. `span` is authoritative; `range` is derived from it with the
 * document's own line breaks (CR, LF and CRLF all end a line, as in LSP).
 */
export interface Finding {
	code: string;
	rule: string;
	severity: Severity;
	span: Span;
	range: Range;
	message: string;
	/** The long explanation behind the short message (shown by the hover), when there is one. */
	detail?: string;
	/** Fully-qualified name of the API this finding is about, when there is one. */
	symbol?: string;
	status?: V2Status;
	/** Bundled note id (server/notes/<id>.md). */
	noteId?: string;
	/** Upstream evidence: migration-guide anchor or PR. */
	href: string;
	tags: FindingTag[];
	fixes: Fix[];
	/**
	 * Ready-made suppression edits (Ruff carries its noqa edit the same way): `line` adds or merges
	 * `# noqa: CODE` on the finding's first line, `file` adds `# mcp-auth-hints: disable=CODE`.
	 */
	suppress?: { line: TextReplacement; file: TextReplacement };
}

export interface AnalysisStats {
	parsed: boolean;
	skippedReason?: 'prefilter' | 'too-large' | 'binary';
	parseMs: number;
	analyzeMs: number;
	hasSyntaxErrors: boolean;
}

export interface AnalysisResult {
	findings: Finding[];
	stats: AnalysisStats;
	/** Errors thrown by individual rules; the other rules' findings are still returned. */
	ruleErrors: { rule: string; error: string }[];
}
