import * as assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Engine } from '../../server/src/engine';
import { BUILTIN_SAMPLE } from '../fuzz/harness';

// EngineDocument.releaseTree (the worker drops trees of documents not analysed lately): the
// next analysis parses afresh and finds exactly what an analysis of the same text finds.

let engine: Engine;
before(async () => {
	engine = await Engine.create();
});

it('after releaseTree, edits and analysis give the fresh analysis of the text', () => {
	const doc = engine.openDocument(BUILTIN_SAMPLE);
	const first = doc.analyze();
	assert.ok(doc.hasTree);
	doc.releaseTree();
	assert.equal(doc.hasTree, false);
	doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import mcp.server.auth\n' }]);
	const after = doc.analyze();
	assert.ok(doc.hasTree);
	const key = (f: { code: string; range: unknown; message: string }) => JSON.stringify([f.code, f.range, f.message]);
	assert.deepEqual(after.findings.map(key), engine.analyzeText(doc.text).findings.map(key));
	assert.ok(after.findings.length > first.findings.length);
	doc.dispose();
});
