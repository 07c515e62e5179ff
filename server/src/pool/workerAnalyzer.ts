import * as path from 'path';
import { Worker } from 'worker_threads';
import { LineIndex } from '../analysis/lineIndex';
import type { AnalysisResult, Span } from '../analysis/model';
import type { AnalyzeOptions, TextChange } from '../engine';
import type { SourceAnalysis } from '../project/sources';
import { DEFAULT_SETTINGS } from '../settings';
import {
	AnalyzedDocument, Analyzer, BudgetedResult, BudgetedSourceAnalysis, StopCause, Stopped, stoppedResult, stoppedSource,
} from './analyzer';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

// The engine in a worker thread (worker.ts), so no input can freeze the language server or hang
// the CLI. Analyses run one at a time; each gets a time budget, and the worker a heap limit
// (resourceLimits). An analysis over either is answered with one MCP199 ("analysis stopped after
// N ms"), the worker is terminated and a new one started, and the open documents are opened in it
// again from the texts kept here. This module is NOT the scheduler of what to analyse (debounce,
// workspace order): callers decide; it only runs and bounds.

export interface Budget {
	/** Wall time one analysis may take. */
	timeMs: number;
	/** The worker's heap (maxOldGenerationSizeMb). */
	heapMb: number;
}

export const DEFAULT_BUDGET: Budget = { timeMs: 5000, heapMb: 512 };

/** The default budget, or MCP_AUTH_HINTS_ANALYSIS_BUDGET_MS / MCP_AUTH_HINTS_ANALYSIS_HEAP_MB (tests, CI). */
export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): Budget {
	const read = (name: string, fallback: number) => {
		const value = Number(env[name]);
		return Number.isFinite(value) && value > 0 ? value : fallback;
	};
	return {
		timeMs: read('MCP_AUTH_HINTS_ANALYSIS_BUDGET_MS', DEFAULT_BUDGET.timeMs),
		heapMb: read('MCP_AUTH_HINTS_ANALYSIS_HEAP_MB', DEFAULT_BUDGET.heapMb),
	};
}

/** dist/analysisWorker.js, next to the bundle that hosts it. */
export function bundledWorkerFile(): string {
	return path.join(__dirname, 'analysisWorker.js');
}

export interface WorkerAnalyzerOptions {
	workerFile?: string;
	wasmDir?: string;
	budget?: Budget;
	/** One line per stopped analysis or lost worker (the server's output channel, the CLI's stderr). */
	log?: (line: string) => void;
}

interface Running {
	id: number;
	worker: Worker;
	started: number;
	timer: NodeJS.Timeout;
	settle(outcome: { reply: FromWorker } | { stopped: Stopped } | { error: Error }): void;
}

/** How long a new worker may take to load the parser before the host gives up on it. */
const START_TIMEOUT_MS = 60_000;

export class WorkerAnalyzer implements Analyzer {
	/** Messages to a worker that is still loading the grammar wait in its port; analyses await `ready`. */
	readonly startsOnDemand = true;
	private readonly budget: Budget;
	private worker: Worker | undefined;
	private ready: Promise<void> | undefined;
	private readonly documents = new Map<number, RemoteDocument>();
	private readonly lastError = new WeakMap<Worker, Error>();
	/** Workers that loaded the parser; only their loss starts a replacement at once (no respawn loop on a broken install). */
	private readonly started = new WeakSet<Worker>();
	private running: Running | undefined;
	private queue: Promise<unknown> = Promise.resolve();
	private nextId = 1;
	private nextDoc = 1;
	private disposed = false;

	constructor(private readonly options: WorkerAnalyzerOptions = {}) {
		this.budget = options.budget ?? budgetFromEnv();
	}

	start(): Promise<void> {
		this.ensureWorker();
		return this.ready!;
	}

	openDocument(text: string): AnalyzedDocument {
		const document = new RemoteDocument(this, this.nextDoc++, text);
		this.documents.set(document.id, document);
		this.post({ type: 'open', doc: document.id, text });
		return document;
	}

	async analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis> {
		const outcome = await this.run((id) => ({ type: 'analyzeSource', id, file, text, options }));
		if ('stopped' in outcome) {
			return stoppedSource(outcome.stopped, options.settings ?? DEFAULT_SETTINGS);
		}
		return outcome.result as SourceAnalysis;
	}

	async dispose(): Promise<void> {
		this.disposed = true;
		const worker = this.worker;
		this.worker = undefined;
		await worker?.terminate();
	}

	// --- for RemoteDocument ----------------------------------------------------------------------

	post(message: ToWorker): void {
		if (!this.worker) {
			// A new worker is given every open document's current text, this change included.
			this.ensureWorker();
			return;
		}
		this.worker.postMessage(message);
	}

	async analyzeDocument(document: RemoteDocument, options: AnalyzeOptions): Promise<BudgetedResult> {
		const outcome = await this.run((id) => ({ type: 'analyzeDocument', id, doc: document.id, options }));
		if ('stopped' in outcome) {
			return stoppedResult(outcome.stopped, options.settings ?? DEFAULT_SETTINGS);
		}
		return outcome.result as AnalysisResult;
	}

	closeDocument(document: RemoteDocument): void {
		if (this.documents.delete(document.id) && this.worker) {
			this.worker.postMessage({ type: 'close', doc: document.id } satisfies ToWorker);
		}
	}

	// --- internals -------------------------------------------------------------------------------

	/** One analysis at a time, so the clock of each starts when the worker takes it. */
	private run(request: (id: number) => ToWorker): Promise<{ result: AnalysisResult | SourceAnalysis } | { stopped: Stopped }> {
		const job = this.queue.then(() => this.runNow(request(this.nextId++)));
		this.queue = job.catch(() => undefined);
		return job;
	}

	private async runNow(request: ToWorker): Promise<{ result: AnalysisResult | SourceAnalysis } | { stopped: Stopped }> {
		if (this.disposed) {
			throw new Error('the analysis worker was shut down');
		}
		this.ensureWorker();
		await this.ready;
		const worker = this.worker!;
		const id = (request as { id: number }).id;
		return new Promise((resolve, reject) => {
			const running: Running = {
				id,
				worker,
				started: performance.now(),
				timer: setTimeout(() => this.stop(running, 'time'), this.budget.timeMs),
				settle: (outcome) => {
					clearTimeout(running.timer);
					if (this.running === running) {
						this.running = undefined;
					}
					if ('stopped' in outcome) {
						resolve(outcome);
					} else if ('error' in outcome) {
						reject(outcome.error);
					} else if (outcome.reply.type === 'error') {
						reject(new Error(outcome.reply.error));
					} else if (outcome.reply.type === 'document' || outcome.reply.type === 'source') {
						resolve({ result: outcome.reply.result });
					}
				},
			};
			this.running = running;
			worker.postMessage(request);
		});
	}

	/** Over budget: answer with MCP199, end the worker and start another with the open documents. */
	private stop(running: Running, cause: StopCause): void {
		const ms = performance.now() - running.started;
		const limit = cause === 'time' ? this.budget.timeMs : this.budget.heapMb;
		this.options.log?.(`Analysis stopped after ${Math.round(ms)} ms (${cause === 'time' ? 'time budget' : 'memory limit'}); the analysis worker is replaced.`);
		this.retire(running.worker);
		running.settle({ stopped: { cause, ms, limit } });
	}

	private retire(worker: Worker): void {
		if (this.worker === worker) {
			this.worker = undefined;
			this.ready = undefined;
		}
		void worker.terminate();
		if (!this.disposed && this.documents.size > 0 && this.started.has(worker)) {
			// Re-open the documents now, so the next keystroke finds them.
			this.ensureWorker();
		}
	}

	private ensureWorker(): void {
		if (this.worker || this.disposed) {
			return;
		}
		const workerData: WorkerData = { wasmDir: this.options.wasmDir };
		const worker = new Worker(this.options.workerFile ?? bundledWorkerFile(), {
			workerData,
			resourceLimits: { maxOldGenerationSizeMb: this.budget.heapMb },
		});
		this.worker = worker;
		let readyResolve!: () => void;
		let readyReject!: (err: Error) => void;
		this.ready = new Promise<void>((resolve, reject) => {
			readyResolve = resolve;
			readyReject = reject;
		});
		// A caller that never awaits `ready` must not see an unhandled rejection.
		this.ready.catch(() => undefined);
		const startTimer = setTimeout(() => readyReject(new Error(`the analysis worker did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
		startTimer.unref();
		worker.on('message', (message: FromWorker) => {
			if (message.type === 'ready') {
				clearTimeout(startTimer);
				this.started.add(worker);
				readyResolve();
			} else if (message.type === 'fatal') {
				clearTimeout(startTimer);
				readyReject(new Error(message.reason));
			} else if (this.running?.worker === worker && this.running.id === message.id) {
				this.running.settle({ reply: message });
			}
		});
		worker.on('error', (err) => this.lastError.set(worker, err));
		worker.on('exit', () => {
			clearTimeout(startTimer);
			const error = this.lastError.get(worker);
			readyReject(error ?? new Error('the analysis worker exited'));
			const running = this.running?.worker === worker ? this.running : undefined;
			if (this.worker !== worker) {
				return; // retired on purpose
			}
			if (running && isOutOfMemory(error)) {
				this.stop(running, 'memory');
				return;
			}
			this.options.log?.(`The analysis worker exited${error ? `: ${error.message}` : ''}; a new one is started.`);
			this.retire(worker);
			running?.settle({ error: error ?? new Error('the analysis worker exited') });
		});
		for (const document of this.documents.values()) {
			worker.postMessage({ type: 'open', doc: document.id, text: document.text } satisfies ToWorker);
		}
	}
}

function isOutOfMemory(error: Error | undefined): boolean {
	return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * An open document: its text is kept here too (LineIndex mapping of LSP ranges, the same rules as
 * EngineDocument.applyChanges) so a replaced worker can be given it again; the changes themselves go
 * to the worker, whose EngineDocument edits its tree and re-parses incrementally.
 */
class RemoteDocument implements AnalyzedDocument {
	private lines: LineIndex;

	constructor(private readonly host: WorkerAnalyzer, readonly id: number, private _text: string) {
		this.lines = new LineIndex(_text);
	}

	get text(): string {
		return this._text;
	}

	applyChanges(changes: readonly TextChange[]): void {
		for (const change of changes) {
			if (!change.range) {
				this._text = change.text;
				this.lines = new LineIndex(this._text);
			} else {
				this.spliceText(this.lines.spanOf(change.range), change.text);
			}
		}
		this.host.post({ type: 'change', doc: this.id, changes });
	}

	applySpanEdit(span: Span, newText: string): void {
		this.spliceText(span, newText);
		this.host.post({ type: 'edit', doc: this.id, span, newText });
	}

	private spliceText(span: Span, newText: string): void {
		this._text = this._text.slice(0, span.start) + newText + this._text.slice(span.end);
		this.lines = this.lines.withEdit(span, newText, this._text);
	}

	analyze(options: AnalyzeOptions): Promise<BudgetedResult> {
		return this.host.analyzeDocument(this, options);
	}

	dispose(): void {
		this.host.closeDocument(this);
	}
}
