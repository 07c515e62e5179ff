import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/engine';
import { key } from '../fuzz/harness';

// Regression (issue 12, "diagnostics depend on edit history"): tree-sitter's error recovery
// depends on the old subtrees an incremental parse reuses, so text with syntax errors could get
// another tree, and other findings, than the same text parsed fresh. Found by the edit fuzzer
// (100,000-edit run) and shrunk: a pasted, unbalanced import block, then a stray "}" typed at the
// top. Incrementally the first OAuthClientProvider was MCP101; fresh it is MCP102.

const PASTED = 'from mcp.client.auth import (\n    OAuthClientProvider,\nfrom mcp.client.auth import (\n    OAuthClientProvider,\n)\n';

describe('incremental analysis of text with syntax errors', () => {
	let engine: Engine;
	before(async () => {
		engine = await Engine.create();
	});

	for (const [label, text, at, typed] of [
		['a stray "}" before a pasted, unbalanced import block', PASTED, 0, '}'],
		['the same with CRLF line breaks', PASTED.replace(/\n/g, '\r\n'), 0, '}'],
	] as const) {
		it(`equals a fresh analysis: ${label}`, () => {
			const doc = engine.openDocument(text);
			try {
				doc.analyze();
				doc.applySpanEdit({ start: at, end: at }, typed);
				const incremental = doc.analyze();
				const fresh = engine.analyzeText(doc.text);
				assert.ok(fresh.findings.length > 0);
				assert.deepEqual(incremental.findings.map(key), fresh.findings.map(key));
			} finally {
				doc.dispose();
			}
		});
	}
});
