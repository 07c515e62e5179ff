import type { Language, Parser, Tree } from 'web-tree-sitter';
import { analyzeFile } from './fileAnalysis';
import { LineIndex } from './analysis/lineIndex';
import type { AnalysisResult, Finding, Position, Range, Span } from './analysis/model';
import { createParser, loadPython } from './analysis/parser';
import { viewReachesSdk, type ProjectView } from './analysis/values';
import { mightMatch } from './analysis/prefilter';
import { compileProblems, SourceCheck } from './fixes/compileCheck';
import { DEFAULT_SETTINGS, Settings } from './settings';
import { fileSkippedFindings } from './rules/engine/file-skipped';

// The one engine behind the language server, the CLI, the benchmark and the tests.
// It imports nothing from vscode, the LSP wire or the CLI.

export interface AnalyzeOptions {
	settings?: Settings;
	/**
	 * Top-level module names that resolve to the project's own code (a local `mcp.py` or
	 * `mcp/__init__.py` next to the file or at the project root): their imports are not the SDK.
	 */
	localModules?: ReadonlySet<string>;
	/** Whether the project resolves mcp >= 2 (lock file or venv); raises MCP103 to Error. */
	mcpResolvesV2?: boolean;
	/** The slice of the project index this file's imports reach (server/src/project/index). */
	project?: ProjectView;
	/** The mcp release the project resolves, when one is known (MCP101 says a name is not in it). */
	mcpVersion?: string;
}

export interface TextChange {
	/** LSP range of the replaced text; absent for a full-text replacement. */
	range?: Range;
	text: string;
}

export class Engine {
	private constructor(private readonly language: Language, private readonly parser: Parser) {}

	static async create(wasmDir?: string): Promise<Engine> {
		const language = await loadPython(wasmDir);
		return new Engine(language, createParser(language));
	}

	/** Parses, analyses and frees the tree: what the CLI and the workspace scan use. */
	analyzeText(text: string, options: AnalyzeOptions = {}): AnalysisResult {
		const settings = options.settings ?? DEFAULT_SETTINGS;
		const skipped = skipReason(text, settings);
		if (skipped) {
			return skipped;
		}
		if (!mightMatch(text) && !viewReachesSdk(options.project)) {
			return emptyResult('prefilter');
		}
		const t0 = performance.now();
		const tree = parsePython(this.parser, text);
		const t1 = performance.now();
		if (!tree) {
			return emptyResult();
		}
		try {
			return runAnalysis(this.language, tree, text, options, t1 - t0);
		} finally {
			tree.delete();
		}
	}

	/** Whether the text has syntax errors (the fix guard: a rewrite must not break a clean file). */
	hasSyntaxErrors(text: string): boolean {
		const tree = parsePython(this.parser, text);
		if (!tree) {
			return true;
		}
		try {
			return tree.rootNode.hasError;
		} finally {
			tree.delete();
		}
	}

	/** Syntax errors plus what tree-sitter accepts but CPython rejects (the fix guard, fixes/compileCheck.ts). */
	checkSource(text: string): SourceCheck {
		const tree = parsePython(this.parser, text);
		if (!tree) {
			return { syntaxError: true, problems: [] };
		}
		try {
			return { syntaxError: tree.rootNode.hasError, problems: compileProblems(tree.rootNode) };
		} finally {
			tree.delete();
		}
	}

	/** A document that keeps its syntax tree and re-parses incrementally on edits (editors). */
	openDocument(text: string): EngineDocument {
		return new EngineDocument(this.language, this.parser, text);
	}
}

export class EngineDocument {
	private tree: Tree | null = null;
	/** The exact string `tree` was parsed from (see parseSource): tree edits are computed against it. */
	private treeSource = '';
	private lineIndex: LineIndex;
	private lastParseMs = 0;

	constructor(private readonly language: Language, private readonly parser: Parser, private _text: string) {
		this.lineIndex = new LineIndex(_text);
	}

	get text(): string {
		return this._text;
	}

	/** Applies LSP content changes in order, editing the retained tree so the next parse is incremental. */
	applyChanges(changes: readonly TextChange[]): void {
		for (const change of changes) {
			if (!change.range) {
				this._text = change.text;
				this.lineIndex = new LineIndex(this._text);
				this.freeTree();
				continue;
			}
			this.applySpanEdit(this.lineIndex.spanOf(change.range), change.text);
		}
	}

	/**
	 * Only the text changes here; the tree is told what changed when it is next parsed (reparse).
	 * The parser reads a rewritten copy of the text (parseSource), and one edit can change that copy
	 * outside the edited span (deleting the "\n" of a CRLF turns its "\r" into a lone CR; a comment
	 * run crossing the merge threshold), so edits are computed between the copy the tree was parsed
	 * from and the new one. Editing by the span alone gave a tree whose positions disagreed with its
	 * text, and so analyses that depended on edit history.
	 */
	applySpanEdit(span: Span, newText: string): void {
		this._text = this._text.slice(0, span.start) + newText + this._text.slice(span.end);
		// One line index per version, updated for the edit alone; the analysis maps positions with it too.
		this.lineIndex = this.lineIndex.withEdit(span, newText, this._text);
	}

	/** Brings the tree up to date with the text; returns the parse time in ms. */
	reparse(): number {
		const t0 = performance.now();
		const source = parseSource(this._text);
		if (!this.tree || source !== this.treeSource) {
			const old = this.tree && editTree(this.tree, this.treeSource, source) ? this.tree : undefined;
			let next = parseChecked(this.parser, this._text, source, old);
			if (old && next?.tree.rootNode.hasError) {
				// Tree-sitter's error recovery depends on which old subtrees it reuses: an incremental
				// parse of text with syntax errors can give another tree than a fresh parse of the same
				// text (issue 12: 55 diagnostics after four edits, 64 on reopening). Findings must depend
				// on the text alone, so a tree with errors is always a fresh parse.
				next.tree.delete();
				next = parseChecked(this.parser, this._text, source, undefined);
			}
			this.freeTree();
			this.tree = next?.tree ?? null;
			this.treeSource = next?.source ?? '';
		}
		this.lastParseMs = performance.now() - t0;
		return this.lastParseMs;
	}

	analyze(options: AnalyzeOptions = {}): AnalysisResult {
		const settings = options.settings ?? DEFAULT_SETTINGS;
		const skipped = skipReason(this._text, settings);
		if (skipped) {
			this.freeTree();
			return skipped;
		}
		if (!mightMatch(this._text) && !viewReachesSdk(options.project)) {
			// Keep no tree for a file that cannot match; the next analysis after an edit parses afresh.
			this.freeTree();
			return emptyResult('prefilter');
		}
		const parseMs = this.reparse();
		if (!this.tree) {
			return emptyResult();
		}
		return runAnalysis(this.language, this.tree, this._text, options, parseMs, this.lineIndex);
	}

	dispose(): void {
		this.freeTree();
	}

	/** Whether a syntax tree is retained (the next analysis after an edit re-parses incrementally). */
	get hasTree(): boolean {
		return this.tree !== null;
	}

	/**
	 * Drops the retained tree to bound memory (the worker keeps trees for recently analysed
	 * documents only). The next analysis parses afresh: the same findings, one full parse slower.
	 */
	releaseTree(): void {
		this.freeTree();
	}

	private freeTree(): void {
		if (this.tree) {
			this.tree.delete();
			this.tree = null;
			this.treeSource = '';
		}
	}
}

/**
 * Tells `tree` (parsed from `before`) that the text is now `after`: one edit spanning the first to
 * the last differing code unit, with tree-sitter points computed on the two strings themselves.
 * Returns false when the strings are equal (nothing to tell).
 */
function editTree(tree: Tree, before: string, after: string): boolean {
	const max = Math.min(before.length, after.length);
	let start = 0;
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}
	if (start === before.length && start === after.length) {
		return false;
	}
	let tail = 0;
	while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
		tail++;
	}
	// Never cut a surrogate pair in two.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) {
		start--;
	}
	if (tail > 0 && isHighSurrogate(before.charCodeAt(before.length - 1 - tail))) {
		tail--;
	}
	const oldEnd = before.length - tail;
	const newEnd = after.length - tail;
	tree.edit({
		startIndex: start,
		oldEndIndex: oldEnd,
		newEndIndex: newEnd,
		startPosition: treePoint(before, start),
		oldEndPosition: treePoint(before, oldEnd),
		newEndPosition: treePoint(after, newEnd),
	});
	return true;
}

function isHighSurrogate(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}

/**
 * What the parser reads instead of the text: a copy of the same length (every offset and span stays
 * valid against the real text) with two rewrites.
 * - Python ends a line at a lone "\r" but tree-sitter-python's scanner does not (a comment would
 *   run on over every following line): lone CRs become "\n".
 * - In a run of more than LONG_COMMENT_RUN comment-only lines, the line breaks between comments
 *   become spaces, so the run parses as a few long comments. The grammar's scanner looks past
 *   every following comment line at each line break to find the next indentation, which is
 *   quadratic: 2,000 comment lines in a `def` took 20 s. Lines holding a directive (`noqa`,
 *   `mcp-auth-hints`) keep their own line, so suppressions still see them where they are.
 *   `keep` lists runs (by start offset) found not to be comments (inside a string): left alone.
 */
export function parseSource(text: string, keep?: ReadonlySet<number>): string {
	let source = lineFeedsOnly(text);
	if (source.length > LONG_COMMENT_RUN * 2) {
		for (const run of commentRuns(source)) {
			if (!keep?.has(run.start)) {
				source = source.slice(0, run.start) + mergeRun(source.slice(run.start, run.end)) + source.slice(run.end);
			}
		}
	}
	return source;
}

function lineFeedsOnly(text: string): string {
	return /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Runs of comment lines shorter than this parse in linear-enough time and are left alone. */
const LONG_COMMENT_RUN = 32;
/** A line holding only a comment (not a directive): its line break may be merged. */
const COMMENT_LINE = /^[ \t\f]*#[^\r\n]*(?:\r\n|\n)/gm;
const DIRECTIVE = /noqa|mcp-auth-hints/i;

/** Offsets of long runs of consecutive comment-only lines in a parse source (LF / CRLF only). */
function commentRuns(source: string): { start: number; end: number }[] {
	const runs: { start: number; end: number }[] = [];
	if (source.indexOf('#') === -1) {
		return runs;
	}
	let start = -1;
	let end = -1;
	let lines = 0;
	const flush = () => {
		if (lines > LONG_COMMENT_RUN) {
			runs.push({ start, end });
		}
		lines = 0;
	};
	COMMENT_LINE.lastIndex = 0;
	for (let m = COMMENT_LINE.exec(source); m; m = COMMENT_LINE.exec(source)) {
		if (m.index !== end || DIRECTIVE.test(m[0])) {
			flush();
		}
		if (DIRECTIVE.test(m[0])) {
			end = -1;
			continue;
		}
		if (lines === 0) {
			start = m.index;
		}
		lines++;
		end = m.index + m[0].length;
	}
	flush();
	return runs;
}

/** The run with every line break but the last turned into spaces (same length). */
function mergeRun(run: string): string {
	const lastBreak = run.endsWith('\r\n') ? run.length - 2 : run.length - 1;
	return run.slice(0, lastBreak).replace(/\r\n|\n/g, (b) => ' '.repeat(b.length)) + run.slice(lastBreak);
}

/** A fresh parse of `text` (CLI, workspace scan, fix guard). */
function parsePython(parser: Parser, text: string): Tree | null {
	return parseChecked(parser, text, parseSource(text), undefined)?.tree ?? null;
}

/**
 * Parses `source` (incrementally from `old` when given). A merged comment run that the tree shows
 * is not a comment (its lines are inside a string) is put back and the text parsed again, so
 * merging never changes what a string holds.
 */
function parseChecked(parser: Parser, text: string, source: string, old: Tree | undefined): { tree: Tree; source: string } | null {
	const tree = parser.parse(source, old);
	if (!tree || source === text) {
		return tree ? { tree, source } : null;
	}
	const keep = new Set<number>();
	const unmerged = lineFeedsOnly(text);
	for (const run of commentRuns(unmerged)) {
		const hash = unmerged.indexOf('#', run.start);
		if (source.slice(run.start, run.end) === unmerged.slice(run.start, run.end)) {
			continue; // not merged in this source
		}
		if (tree.rootNode.descendantForIndex(hash)?.type !== 'comment') {
			keep.add(run.start);
		}
	}
	if (keep.size === 0) {
		return { tree, source };
	}
	const corrected = parseSource(text, keep);
	editTree(tree, source, corrected);
	const again = parser.parse(corrected, tree);
	tree.delete();
	return again ? { tree: again, source: corrected } : null;
}

/** Tree-sitter rows/columns: rows split on "\n" only, columns in UTF-16 units. */
function treePoint(text: string, offset: number): { row: number; column: number } {
	let row = 0;
	let lineStart = 0;
	let i = text.indexOf('\n');
	while (i !== -1 && i < offset) {
		row++;
		lineStart = i + 1;
		i = text.indexOf('\n', lineStart);
	}
	return { row, column: offset - lineStart };
}

function emptyResult(skippedReason?: 'prefilter'): AnalysisResult {
	return {
		findings: [],
		stats: { parsed: false, skippedReason, parseMs: 0, analyzeMs: 0, hasSyntaxErrors: false },
		ruleErrors: [],
	};
}

/** Over the size cap, or NUL bytes (binary content named .py): one MCP199 finding, nothing else. */
function skipReason(text: string, settings: Settings): AnalysisResult | undefined {
	const tooLarge = settings.maxFileSize > 0 && utf8Length(text, settings.maxFileSize) > settings.maxFileSize;
	const binary = !tooLarge && text.indexOf('\u0000') !== -1;
	if (!tooLarge && !binary) {
		return undefined;
	}
	const findings = fileSkippedFindings(tooLarge ? 'too-large' : 'binary', settings);
	return {
		findings,
		stats: { parsed: false, skippedReason: tooLarge ? 'too-large' : 'binary', parseMs: 0, analyzeMs: 0, hasSyntaxErrors: false },
		ruleErrors: [],
	};
}

/** UTF-8 byte length without scanning when the UTF-16 length already decides the question. */
function utf8Length(text: string, cap: number): number {
	if (text.length > cap || text.length * 3 <= cap) {
		return text.length;
	}
	return Buffer.byteLength(text, 'utf8');
}

function runAnalysis(language: Language, tree: Tree, text: string, options: AnalyzeOptions, parseMs: number, lines = new LineIndex(text)): AnalysisResult {
	const t0 = performance.now();
	const { findings, ruleErrors } = analyzeFile(tree, {
		language,
		text,
		lines,
		settings: options.settings ?? DEFAULT_SETTINGS,
		localModules: options.localModules ?? new Set(),
		mcpResolvesV2: options.mcpResolvesV2 ?? false,
		project: options.project,
		mcpVersion: options.mcpVersion,
	});
	return {
		findings,
		stats: {
			parsed: true,
			parseMs,
			analyzeMs: performance.now() - t0,
			hasSyntaxErrors: tree.rootNode.hasError,
		},
		ruleErrors,
	};
}

export type { AnalysisResult, Finding, Position, Range, Span };
