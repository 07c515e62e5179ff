import type { Language, Parser, Tree } from 'web-tree-sitter';
import { analyzeFile } from './fileAnalysis';
import { LineIndex } from './analysis/lineIndex';
import type { AnalysisResult, Finding, Position, Range, Span } from './analysis/model';
import { createParser, loadPython } from './analysis/parser';
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
		if (!mightMatch(text)) {
			return emptyResult('prefilter');
		}
		const t0 = performance.now();
		const tree = this.parser.parse(parseSource(text));
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
		const tree = this.parser.parse(parseSource(text));
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
		const tree = this.parser.parse(parseSource(text));
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
			// A reversed range is read the way vscode-languageserver-textdocument reads it: ends swapped.
			const a = this.lineIndex.offsetAt(change.range.start);
			const b = this.lineIndex.offsetAt(change.range.end);
			this.applySpanEdit({ start: Math.min(a, b), end: Math.max(a, b) }, change.text);
		}
	}

	applySpanEdit(span: Span, newText: string): void {
		const before = this._text;
		const after = before.slice(0, span.start) + newText + before.slice(span.end);
		if (this.tree) {
			const newEnd = span.start + newText.length;
			this.tree.edit({
				startIndex: span.start,
				oldEndIndex: span.end,
				newEndIndex: newEnd,
				startPosition: treePoint(before, span.start),
				oldEndPosition: treePoint(before, span.end),
				newEndPosition: treePoint(after, newEnd),
			});
		}
		this._text = after;
		this.lineIndex = new LineIndex(after);
	}

	/** Brings the tree up to date with the text; returns the parse time in ms. */
	reparse(): number {
		const t0 = performance.now();
		const source = parseSource(this._text);
		// Old tree positions assume the unmodified text; with lone CRs rewritten, parse afresh.
		const next = this.parser.parse(source, source === this._text ? this.tree ?? undefined : undefined);
		this.freeTree();
		this.tree = next;
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
		if (!mightMatch(this._text)) {
			// Keep no tree for a file that cannot match; the next analysis after an edit parses afresh.
			this.freeTree();
			return emptyResult('prefilter');
		}
		const parseMs = this.reparse();
		if (!this.tree) {
			return emptyResult();
		}
		return runAnalysis(this.language, this.tree, this._text, options, parseMs);
	}

	dispose(): void {
		this.freeTree();
	}

	private freeTree(): void {
		if (this.tree) {
			this.tree.delete();
			this.tree = null;
		}
	}
}

/**
 * Python ends a line at a lone "\r" but tree-sitter-python's scanner does not (a comment would run
 * on over every following line), so the parser gets a copy with lone CRs turned into "\n". Same
 * length, so every offset and span stays valid against the real text.
 */
function parseSource(text: string): string {
	return /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
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

function runAnalysis(language: Language, tree: Tree, text: string, options: AnalyzeOptions, parseMs: number): AnalysisResult {
	const t0 = performance.now();
	const { findings, ruleErrors } = analyzeFile(tree, {
		language,
		text,
		lines: new LineIndex(text),
		settings: options.settings ?? DEFAULT_SETTINGS,
		localModules: options.localModules ?? new Set(),
		mcpResolvesV2: options.mcpResolvesV2 ?? false,
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
