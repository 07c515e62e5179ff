import { parentPort, workerData } from 'worker_threads';
import type { AnalyzeOptions } from '../engine';
import { Engine, EngineDocument } from '../engine';
import { analyzeSource } from '../project/sources';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

// Entry point of dist/analysisWorker.js: the engine in a worker thread. It owns the open
// documents' EngineDocuments (so an edit re-parses incrementally here) and answers one analysis at
// a time. The host (workerAnalyzer.ts) times every analysis and terminates this thread when one
// runs over its budget; nothing here watches the clock. NOT for anything that needs the LSP
// connection or the file system: it only sees texts.

const port = parentPort;
if (!port) {
	throw new Error('analysisWorker.js must run as a worker thread');
}
const data = (workerData ?? {}) as WorkerData;
const documents = new Map<number, EngineDocument>();
const send = (message: FromWorker) => port.postMessage(message);

/**
 * Open documents whose syntax tree is kept, most recently analysed last. A tree costs ~0.5 MB of
 * wasm heap for a typical file (5 MB for 5,000 lines) and that heap never shrinks, so only the
 * documents being worked on keep one; the others re-parse in full on their next analysis.
 */
const TREES_KEPT = Math.max(1, Number(process.env.MCP_AUTH_HINTS_TREES_KEPT) || 16);
const withTree: number[] = [];

function keptTree(doc: number): void {
	const at = withTree.indexOf(doc);
	if (at !== -1) {
		withTree.splice(at, 1);
	}
	withTree.push(doc);
	while (withTree.length > TREES_KEPT) {
		documents.get(withTree.shift()!)?.releaseTree();
	}
}

Engine.create(data.wasmDir).then(
	(engine) => {
		port.on('message', (message: ToWorker) => handle(engine, message));
		send({ type: 'ready' });
	},
	(err: unknown) => send({ type: 'fatal', reason: err instanceof Error ? err.message : String(err) }),
);

function handle(engine: Engine, message: ToWorker): void {
	switch (message.type) {
		case 'open':
			documents.get(message.doc)?.dispose();
			documents.set(message.doc, engine.openDocument(message.text));
			return;
		case 'change':
			documents.get(message.doc)?.applyChanges(message.changes);
			return;
		case 'edit':
			documents.get(message.doc)?.applySpanEdit(message.span, message.newText);
			return;
		case 'close':
			documents.get(message.doc)?.dispose();
			documents.delete(message.doc);
			if (withTree.includes(message.doc)) {
				withTree.splice(withTree.indexOf(message.doc), 1);
			}
			return;
		case 'analyzeDocument': {
			const document = documents.get(message.doc);
			if (!document) {
				send({ type: 'error', id: message.id, error: `document ${message.doc} is not open in the analysis worker` });
				return;
			}
			answer(message.id, () => {
				testHooks(document.text);
				const result = document.analyze(revive(message.options));
				keptTree(message.doc);
				return { type: 'document', id: message.id, result };
			});
			return;
		}
		case 'analyzeSource':
			answer(message.id, () => {
				testHooks(message.text);
				return { type: 'source', id: message.id, result: analyzeSource(engine, message.file, message.text, revive(message.options)) };
			});
			return;
	}
}

function answer(id: number, run: () => FromWorker): void {
	let reply: FromWorker;
	try {
		reply = run();
	} catch (err) {
		reply = { type: 'error', id, error: err instanceof Error ? err.stack ?? err.message : String(err) };
	}
	send(reply);
}

/** Structured clone keeps a Set, but be explicit about what the engine expects. */
function revive(options: AnalyzeOptions): AnalyzeOptions {
	return { ...options, localModules: options.localModules ? new Set(options.localModules) : undefined };
}

/**
 * Test-only: a text holding MCP_AUTH_HINTS_TEST_SLOW_MARKER spins forever, one holding
 * MCP_AUTH_HINTS_TEST_HUNGRY_MARKER allocates until the heap limit, so the suites can show the
 * budget working over real JSON-RPC and a real CLI process. Ignored unless NODE_ENV is `test`.
 */
function testHooks(text: string): void {
	if (process.env.NODE_ENV !== 'test') {
		return;
	}
	const slow = process.env.MCP_AUTH_HINTS_TEST_SLOW_MARKER;
	if (slow && text.includes(slow)) {
		for (;;) {
			// Busy: only terminate() ends this.
		}
	}
	const hungry = process.env.MCP_AUTH_HINTS_TEST_HUNGRY_MARKER;
	if (hungry && text.includes(hungry)) {
		const hoard: number[][] = [];
		for (;;) {
			hoard.push(new Array(1 << 20).fill(hoard.length));
		}
	}
}
