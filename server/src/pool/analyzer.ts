import type { AnalysisResult, Span } from '../analysis/model';
import { AnalyzeOptions, Engine, EngineDocument, TextChange } from '../engine';
import type { BudgetedSourceAnalysis, SourceAnalyzer, StopCause, Stopped } from '../project/scanProject';
import { analyzeSource } from '../project/sources';
import { skippedWith } from '../rules/engine/file-skipped';
import type { Settings } from '../settings';

// How the language server and the CLI reach the engine: an open document that re-parses
// incrementally, and one-shot analysis of a file from disk. Two implementations: in this thread
// (tests that patch the engine, the benchmark) and in a worker thread with a time budget and a heap
// limit (workerAnalyzer.ts: dist/server.js and dist/cli.js). This module is NOT the place for LSP or
// CLI concerns (debounce, result ids, output formats).

/** An analysis result, plus why it stands in for an analysis that was stopped. */
export type BudgetedResult = AnalysisResult & { stopped?: Stopped };
export type { BudgetedSourceAnalysis, StopCause, Stopped };

export interface AnalyzedDocument {
	readonly text: string;
	/** LSP content changes, in order (the editor's didChange). */
	applyChanges(changes: readonly TextChange[]): void;
	/** One replacement of the text (a notebook's joined cells after a cell edit). */
	applySpanEdit(span: Span, newText: string): void;
	analyze(options: AnalyzeOptions): Promise<BudgetedResult>;
	dispose(): void;
}

export interface Analyzer extends SourceAnalyzer {
	/** Loads the parser; rejects with a one-line reason when it cannot. */
	start(): Promise<void>;
	/**
	 * True when documents may be opened and analysed before start() has settled (they wait for the
	 * parser themselves): the server then answers `initialize` without waiting for the grammar.
	 */
	readonly startsOnDemand?: boolean;
	openDocument(text: string): AnalyzedDocument;
	/** A file read from disk: a .py file or a notebook's joined code cells (project/sources.ts). */
	analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis>;
	dispose(): Promise<void>;
}

/** The single MCP199 of a file whose analysis was stopped, through the MCP199 rule module like the engine's others. */
export function stoppedResult(stopped: Stopped, settings: Settings): BudgetedResult {
	const why = stopped.cause === 'time'
		? `it went over the time budget of ${stopped.limit} ms`
		: `it went over the memory limit of ${stopped.limit} MB`;
	return {
		findings: skippedWith(`mcp-auth-hints analysis stopped after ${Math.round(stopped.ms)} ms: ${why}. The rest of the file was not checked.`, settings),
		stats: { parsed: false, parseMs: 0, analyzeMs: 0, hasSyntaxErrors: false },
		ruleErrors: [],
		stopped,
	};
}

/** The same MCP199, placed in the file (line 1) the way project sources carry findings. */
export function stoppedSource(stopped: Stopped, settings: Settings): BudgetedSourceAnalysis {
	const result = stoppedResult(stopped, settings);
	return { findings: result.findings.map((finding) => ({ finding, range: finding.range })), ruleErrors: [], stopped };
}

/** In this thread, no budget: what the tests that reach inside the engine and the benchmark use. */
export class InProcessAnalyzer implements Analyzer {
	private engine: Engine | undefined;

	constructor(private readonly wasmDir?: string) {}

	static fromEngine(engine: Engine): InProcessAnalyzer {
		const analyzer = new InProcessAnalyzer();
		analyzer.engine = engine;
		return analyzer;
	}

	async start(): Promise<void> {
		this.engine ??= await Engine.create(this.wasmDir);
	}

	openDocument(text: string): AnalyzedDocument {
		return new LocalDocument(this.requireEngine().openDocument(text));
	}

	async analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis> {
		return analyzeSource(this.requireEngine(), file, text, options);
	}

	async dispose(): Promise<void> {
		// The engine holds no thread or handle that would keep the process alive.
	}

	private requireEngine(): Engine {
		if (!this.engine) {
			throw new Error('analyzer used before start()');
		}
		return this.engine;
	}
}

class LocalDocument implements AnalyzedDocument {
	constructor(private readonly document: EngineDocument) {}

	get text(): string {
		return this.document.text;
	}

	applyChanges(changes: readonly TextChange[]): void {
		this.document.applyChanges(changes);
	}

	applySpanEdit(span: Span, newText: string): void {
		this.document.applySpanEdit(span, newText);
	}

	async analyze(options: AnalyzeOptions): Promise<BudgetedResult> {
		return this.document.analyze(options);
	}

	dispose(): void {
		this.document.dispose();
	}
}
