import { LineIndex } from '../analysis/lineIndex';
import type { Range, Span } from '../analysis/model';

// A notebook is analysed as one Python text: its code cells in order, joined with "\n", so an
// import in cell 1 resolves a use in cell 2. Findings come back as offsets into that text; this
// module maps them to the cell they fall in. Mapping goes through offsets, not line numbers, so a
// cell that ends in a lone "\r" (which merges with the joining "\n" into one line break) still maps
// correctly.

/** Where a span of the joined text lies: the cell document's URI and version, and the range in it. */
export interface SpanLocation {
	uri: string;
	version: number;
	range: Range;
}

export interface CellSource {
	uri: string;
	version: number;
	text: string;
}

export interface CellSlice extends CellSource {
	/** Offset of the cell's first character in the joined text. */
	start: number;
}

export interface NotebookText {
	text: string;
	cells: readonly CellSlice[];
}

export function joinCells(cells: readonly CellSource[]): NotebookText {
	const slices: CellSlice[] = [];
	let start = 0;
	for (const cell of cells) {
		slices.push({ ...cell, start });
		start += cell.text.length + 1;
	}
	return { text: cells.map((c) => c.text).join('\n'), cells: slices };
}

/** The cell holding `offset`; the joining "\n" after a cell counts as that cell's end. */
export function cellAt(notebook: NotebookText, offset: number): CellSlice | undefined {
	const cells = notebook.cells;
	let lo = 0;
	let hi = cells.length - 1;
	if (hi < 0) {
		return undefined;
	}
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (cells[mid].start <= offset) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return cells[lo];
}

/**
 * Maps spans of the joined text to cell locations. A span that runs past its cell's end (it cannot
 * for a name, but a multi-line construct could) is clipped to the cell it starts in.
 */
export class NotebookLocator {
	private readonly lineIndexes = new Map<string, LineIndex>();

	constructor(private readonly notebook: NotebookText) {}

	locate(span: Span): SpanLocation | undefined {
		const cell = cellAt(this.notebook, span.start);
		if (!cell) {
			return undefined;
		}
		let index = this.lineIndexes.get(cell.uri);
		if (!index) {
			index = new LineIndex(cell.text);
			this.lineIndexes.set(cell.uri, index);
		}
		const start = Math.min(span.start - cell.start, cell.text.length);
		const end = Math.max(start, Math.min(span.end - cell.start, cell.text.length));
		return { uri: cell.uri, version: cell.version, range: index.rangeOf({ start, end }) };
	}
}

/**
 * The one replacement that turns `before` into `after` (common prefix and suffix kept), so the
 * notebook's retained syntax tree is edited, not rebuilt, when one cell changes.
 */
export function singleEdit(before: string, after: string): { span: Span; newText: string } | undefined {
	if (before === after) {
		return undefined;
	}
	const max = Math.min(before.length, after.length);
	let prefix = 0;
	while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) {
		prefix++;
	}
	// Never cut a surrogate pair: the tree edit must land on a code-point boundary.
	if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) {
		prefix--;
	}
	let suffix = 0;
	while (suffix < max - prefix
		&& before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
		suffix++;
	}
	if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) {
		suffix--;
	}
	return {
		span: { start: prefix, end: before.length - suffix },
		newText: after.slice(prefix, after.length - suffix),
	};
}

function isHighSurrogate(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}
