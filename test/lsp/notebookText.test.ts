import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellAt, joinCells, NotebookLocator, singleEdit } from '../../server/src/workspace/notebookText';
import { rangeOf } from '../helpers/text';

const cells = [
	{ uri: 'cell:1', version: 3, text: 'import a\r\nx = 1\r' },
	{ uri: 'cell:2', version: 1, text: '' },
	{ uri: 'cell:3', version: 7, text: 'é🎉 = a.b\nprint(a)' },
];

describe('notebook text', () => {
	it('joins cells with "\\n" and records where each starts', () => {
		const nb = joinCells(cells);
		assert.equal(nb.text, 'import a\r\nx = 1\r\n\né🎉 = a.b\nprint(a)');
		assert.deepEqual(nb.cells.map((c) => c.start), [0, 17, 18]);
	});

	it('finds the cell of an offset; the joining "\\n" belongs to the cell before it', () => {
		const nb = joinCells(cells);
		assert.equal(cellAt(nb, 0)?.uri, 'cell:1');
		assert.equal(cellAt(nb, 16)?.uri, 'cell:1');
		assert.equal(cellAt(nb, 17)?.uri, 'cell:2');
		assert.equal(cellAt(nb, 18)?.uri, 'cell:3');
		assert.equal(cellAt(joinCells([]), 0), undefined);
	});

	it('maps a span to the cell URI, version and a cell-relative range (a cell ending in a lone CR included)', () => {
		const nb = joinCells(cells);
		const locator = new NotebookLocator(nb);
		const b = nb.text.indexOf('a.b') + 2;
		assert.deepEqual(locator.locate({ start: b, end: b + 1 }), { uri: 'cell:3', version: 7, range: rangeOf(cells[2].text, 'b') });
		const print = nb.text.indexOf('print');
		assert.deepEqual(locator.locate({ start: print, end: print + 5 }), { uri: 'cell:3', version: 7, range: rangeOf(cells[2].text, 'print') });
		const x = nb.text.indexOf('x = 1');
		assert.deepEqual(locator.locate({ start: x, end: x + 1 }), { uri: 'cell:1', version: 3, range: rangeOf(cells[0].text, 'x') });
	});

	it('clips a span that runs past its cell to that cell', () => {
		const nb = joinCells(cells);
		const located = new NotebookLocator(nb).locate({ start: 0, end: nb.text.length });
		assert.deepEqual(located?.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } });
		assert.equal(located?.uri, 'cell:1');
	});

	it('computes the one replacement between two texts, never splitting a surrogate pair', () => {
		assert.equal(singleEdit('same', 'same'), undefined);
		assert.deepEqual(singleEdit('abcdef', 'abXYef'), { span: { start: 2, end: 4 }, newText: 'XY' });
		assert.deepEqual(singleEdit('abc', 'abcd'), { span: { start: 3, end: 3 }, newText: 'd' });
		assert.deepEqual(singleEdit('aXa', 'aa'), { span: { start: 1, end: 2 }, newText: '' });
		// 🎉 and 🎊 share their high surrogate: the edit must start before it.
		const edit = singleEdit('x🎉y', 'x🎊y');
		assert.deepEqual(edit, { span: { start: 1, end: 3 }, newText: '🎊' });
		for (const [before, after] of [['ab', 'b'], ['aaa', 'aa'], ['🎉🎉', '🎉'], ['', 'new'], ['old', '']]) {
			const e = singleEdit(before, after)!;
			assert.equal(before.slice(0, e.span.start) + e.newText + before.slice(e.span.end), after);
		}
	});
});
