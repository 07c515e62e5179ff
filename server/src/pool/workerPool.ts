import * as os from 'os';
import type { AnalyzeOptions } from '../engine';
import type { AnalyzedDocument, Analyzer, BudgetedSourceAnalysis } from './analyzer';
import { WorkerAnalyzer, WorkerAnalyzerOptions } from './workerAnalyzer';

// Several budgeted analysis workers for whole-project scans (the CLI): each file goes to the worker
// with the fewest analyses queued, and a further worker is started only when every running one is
// busy, so a one-file scan starts one thread and a large tree uses every core. Each worker keeps
// its own time budget and heap limit (workerAnalyzer.ts). Open documents all live in the first
// worker. NOT a scheduler of what to scan (scanProject.ts decides the order and how many to keep
// in flight through `concurrency`).

/** How many workers to use: MCP_AUTH_HINTS_WORKERS when set, else one per core up to 4. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
	const asked = Number(env.MCP_AUTH_HINTS_WORKERS);
	if (Number.isInteger(asked) && asked > 0) {
		return Math.min(asked, 16);
	}
	const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
	return Math.max(1, Math.min(cores, 4));
}

export class WorkerPool implements Analyzer {
	private readonly workers: { analyzer: WorkerAnalyzer; queued: number }[] = [];

	constructor(private readonly options: WorkerAnalyzerOptions = {}, readonly size = workerCount()) {
		this.workers.push({ analyzer: new WorkerAnalyzer(options), queued: 0 });
	}

	/** How many analyses the caller should keep in flight to keep every worker busy. */
	get concurrency(): number {
		return this.size * 2;
	}

	start(): Promise<void> {
		return this.workers[0].analyzer.start();
	}

	openDocument(text: string): AnalyzedDocument {
		return this.workers[0].analyzer.openDocument(text);
	}

	async analyzeSource(file: string, text: string, options: AnalyzeOptions): Promise<BudgetedSourceAnalysis> {
		const slot = this.pick();
		slot.queued++;
		try {
			return await slot.analyzer.analyzeSource(file, text, options);
		} finally {
			slot.queued--;
		}
	}

	async dispose(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.analyzer.dispose()));
	}

	private pick(): { analyzer: WorkerAnalyzer; queued: number } {
		let best = this.workers[0];
		for (const w of this.workers) {
			if (w.queued < best.queued) {
				best = w;
			}
		}
		if (best.queued > 0 && this.workers.length < this.size) {
			// Every worker is busy: one more thread (it loads the grammar in parallel with the others' work).
			best = { analyzer: new WorkerAnalyzer(this.options), queued: 0 };
			this.workers.push(best);
		}
		return best;
	}
}
