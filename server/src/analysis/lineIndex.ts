import type { Position, Range, Span } from './model';

// Converts UTF-16 offsets to LSP positions and back. Line breaks follow LSP (and
// vscode-languageserver-textdocument): "\r\n", "\n" and a lone "\r" each end a line. Tree-sitter
// only knows "\n", so its row/column are never used for positions.

export class LineIndex {
	private readonly starts: number[];

	constructor(private readonly text: string, starts?: number[]) {
		this.starts = starts ?? scanStarts(text, 0, text.length, [0]);
	}

	/**
	 * The index of `text`, which is this index's text with `span` replaced by `newText`, built in
	 * time proportional to the edit (plus one pass over the later line starts to shift them) instead
	 * of a scan of the whole text: a keystroke in an open document. The line before the edit is
	 * scanned again too, and two characters after it, because an edit can join or split a "\r\n".
	 */
	withEdit(span: Span, newText: string, text: string): LineIndex {
		const delta = newText.length - (span.end - span.start);
		const line = this.positionAt(span.start).line;
		const from = this.starts[Math.max(0, line - 1)];
		const to = Math.min(text.length, span.start + newText.length + 2);
		const starts: number[] = [];
		for (let i = 0; i < this.starts.length && this.starts[i] <= from; i++) {
			starts.push(this.starts[i]);
		}
		scanStarts(text, from, to, starts);
		// A "\r\n" scanned across `to` already gave the start after it.
		const last = Math.max(to, starts[starts.length - 1]);
		for (let i = 0; i < this.starts.length; i++) {
			const moved = this.starts[i] + delta;
			if (this.starts[i] > span.end && moved > last) {
				starts.push(moved);
			}
		}
		return new LineIndex(text, starts);
	}

	get lineCount(): number {
		return this.starts.length;
	}

	lineStart(line: number): number {
		return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
	}

	/** End of the line's content, before its line break. */
	lineEnd(line: number): number {
		if (line + 1 >= this.starts.length) {
			return this.text.length;
		}
		let end = this.starts[line + 1];
		if (end > 0 && this.text.charCodeAt(end - 1) === 10) {
			end--;
		}
		if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) {
			end--;
		}
		return end;
	}

	positionAt(offset: number): Position {
		const o = Math.max(0, Math.min(offset, this.text.length));
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid] <= o) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return { line: lo, character: o - this.starts[lo] };
	}

	offsetAt(position: Position): number {
		if (position.line < 0) {
			return 0;
		}
		if (position.line >= this.starts.length) {
			return this.text.length;
		}
		const start = this.starts[position.line];
		const end = this.lineEnd(position.line);
		return Math.max(start, Math.min(start + Math.max(0, position.character), end));
	}

	/**
	 * The span an LSP range covers. A reversed range is read the way
	 * vscode-languageserver-textdocument reads it: ends swapped.
	 */
	spanOf(range: Range): Span {
		const a = this.offsetAt(range.start);
		const b = this.offsetAt(range.end);
		return { start: Math.min(a, b), end: Math.max(a, b) };
	}

	rangeOf(span: Span): Range {
		return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
	}

	lineOf(offset: number): number {
		return this.positionAt(offset).line;
	}
}

/** Appends to `starts` the start of every line that begins after a break in text[from, to). */
function scanStarts(text: string, from: number, to: number, starts: number[]): number[] {
	for (let i = from; i < to; i++) {
		const ch = text.charCodeAt(i);
		if (ch === 13 /* \r */) {
			if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) {
				i++;
			}
			starts.push(i + 1);
		} else if (ch === 10 /* \n */) {
			starts.push(i + 1);
		}
	}
	return starts;
}
