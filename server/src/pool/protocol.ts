import type { AnalysisResult, Span } from '../analysis/model';
import type { AnalyzeOptions, TextChange } from '../engine';
import type { SourceAnalysis } from '../project/sources';

// The messages between the analysis worker (worker.ts) and its host (workerAnalyzer.ts). Plain
// structured-clone data only. Not a public protocol: both ends ship in the same bundle set.

export interface WorkerData {
	wasmDir?: string;
}

/** Host → worker. Document messages carry no reply; analyses answer with the same `id`. */
export type ToWorker =
	| { type: 'open'; doc: number; text: string }
	| { type: 'change'; doc: number; changes: readonly TextChange[] }
	| { type: 'edit'; doc: number; span: Span; newText: string }
	| { type: 'close'; doc: number }
	| { type: 'analyzeDocument'; id: number; doc: number; options: AnalyzeOptions }
	| { type: 'analyzeSource'; id: number; file: string; text: string; options: AnalyzeOptions };

/** Worker → host. */
export type FromWorker =
	| { type: 'ready' }
	| { type: 'fatal'; reason: string }
	| { type: 'document'; id: number; result: AnalysisResult }
	| { type: 'source'; id: number; result: SourceAnalysis }
	| { type: 'error'; id: number; error: string };
