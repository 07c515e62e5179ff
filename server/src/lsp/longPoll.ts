import {
	CancellationToken, Diagnostic, LSPErrorCodes, ResponseError, ResultProgressReporter, WorkspaceDiagnosticParams,
	WorkspaceDiagnosticReport, WorkspaceDiagnosticReportPartialResult, WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';

// The workspace-diagnostics long poll that both workspace scanners answer (the desktop's
// lsp/workspaceScan.ts and the web worker's browser/workspaceScan.ts): their updates run one at a
// time, a pull gets every file whose result id the client does not hold yet, and a pull with nothing
// new waits for the next change or for its cancellation. NOT what a file's diagnostics are, nor when
// a scanner decides something changed (it calls `wake`).

/** One file as the poll sees it: its current result id and the diagnostics sent under it. */
export interface PolledFile {
	uri: string;
	resultId: string;
	items: Diagnostic[];
}

/** Reports above this many files go out in partial-result chunks when the client takes them. */
const BATCH = 50;

export class LongPoll {
	private waiters: (() => void)[] = [];
	private queue: Promise<unknown> = Promise.resolve();

	/** Runs `fn` after every earlier one has settled (a failure does not stop the queue). */
	serialized<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.queue.then(fn, fn);
		this.queue = run.catch(() => undefined);
		return run;
	}

	/** Something changed: every waiting pull looks again. */
	wake(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const w of waiters) {
			w();
		}
	}

	/** Resolves at the next `wake` or when the token is cancelled. */
	changeOrCancel(token: CancellationToken): Promise<void> {
		return new Promise((resolve) => {
			const sub = token.onCancellationRequested(done);
			this.waiters.push(done);
			function done() {
				sub.dispose();
				resolve();
			}
		});
	}

	/** workspace/diagnostic: after `update`, full reports of every changed file; long-polls when nothing changed. */
	async answer(
		params: WorkspaceDiagnosticParams, token: CancellationToken,
		partial: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
		update: () => Promise<unknown>, files: () => Iterable<PolledFile>,
	): Promise<WorkspaceDiagnosticReport> {
		const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
		for (;;) {
			await this.serialized(update);
			if (token.isCancellationRequested) {
				throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
			}
			const items: WorkspaceDocumentDiagnosticReport[] = [];
			for (const file of files()) {
				const before = previous.get(file.uri);
				// A file the client never had a result for and that has nothing to show is not news.
				if (before === file.resultId || (before === undefined && file.items.length === 0)) {
					continue;
				}
				items.push({ kind: 'full', uri: file.uri, version: null, resultId: file.resultId, items: file.items });
			}
			if (items.length > 0) {
				if (partial && items.length > BATCH) {
					for (let i = 0; i < items.length; i += BATCH) {
						partial.report({ items: items.slice(i, i + BATCH) });
					}
					return { items: [] };
				}
				return { items };
			}
			await this.changeOrCancel(token);
		}
	}
}
