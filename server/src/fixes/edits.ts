import type { Node } from 'web-tree-sitter';
import type { TextReplacement } from '../analysis/model';

// Small, tree-driven edit builders the rewrites share: removing one item of a comma-separated
// list (arguments, imported names) together with its comma, appending a keyword to a call, and
// the line/indent facts those need. Every location comes from a syntax node; the text is only read
// to find the line a node sits on and the whitespace around it.

export function replaceNode(node: Node, newText: string): TextReplacement {
	return { span: { start: node.startIndex, end: node.endIndex }, newText };
}

export function eolOf(text: string): string {
	// Asked once per fix of every finding of a file: remember the last text's answer (two whole-text
	// regex scans each time were ~7% of a keystroke's analysis on a 4,000-line file).
	if (text !== lastEol.text) {
		lastEol = { text, eol: /\r\n/.test(text) ? '\r\n' : /\r(?!\n)/.test(text) ? '\r' : '\n' };
	}
	return lastEol.eol;
}

let lastEol = { text: '', eol: '\n' };

export function lineStartAt(text: string, offset: number): number {
	let i = offset;
	while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') {
		i--;
	}
	return i;
}

/** Offset of the line break that ends the line holding `offset` (text.length on the last line). */
export function lineEndAt(text: string, offset: number): number {
	let i = offset;
	while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
		i++;
	}
	return i;
}

/** Offset just past the line break that ends the line holding `offset`. */
function pastLineBreak(text: string, offset: number): number {
	const end = lineEndAt(text, offset);
	if (text.startsWith('\r\n', end)) {
		return end + 2;
	}
	return end < text.length ? end + 1 : end;
}

export function indentAt(text: string, offset: number): string {
	const start = lineStartAt(text, offset);
	return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The unnamed `,` token right after / before a node among its siblings (comments skipped). */
function adjacentComma(node: Node, forward: boolean): Node | null {
	for (let s = forward ? node.nextSibling : node.previousSibling; s; s = forward ? s.nextSibling : s.previousSibling) {
		if (s.type === 'comment') {
			continue;
		}
		return s.type === ',' ? s : null;
	}
	return null;
}

/** The list item (argument, imported name) after a `,` token, if any. */
function itemAfter(comma: Node): Node | null {
	for (let s = comma.nextSibling; s; s = s.nextSibling) {
		if (s.type === 'comment') {
			continue;
		}
		return s.isNamed && s.type !== ')' ? s : null;
	}
	return null;
}

/**
 * Removes one item of a comma-separated list with its comma. An item alone on its line(s) goes with
 * the whole line; otherwise the item and the comma after it (or, for the last item, the comma
 * before it) go, leaving the rest of the line and every comment in place.
 */
export function removeListItem(text: string, item: Node): TextReplacement {
	const after = adjacentComma(item, true);
	const before = adjacentComma(item, false);
	const lineStart = lineStartAt(text, item.startIndex);
	const aloneBefore = /^[ \t]*$/.test(text.slice(lineStart, item.startIndex));
	const tailEnd = after ? after.endIndex : item.endIndex;
	const restOfLine = text.slice(tailEnd, lineEndAt(text, tailEnd));
	if (aloneBefore && /^[ \t]*$/.test(restOfLine) && lineStart > 0 && pastLineBreak(text, tailEnd) > lineEndAt(text, tailEnd)) {
		return { span: { start: lineStart, end: pastLineBreak(text, tailEnd) }, newText: '' };
	}
	if (after) {
		const next = itemAfter(after);
		if (next && next.startIndex >= after.endIndex && lineStartAt(text, next.startIndex) === lineStartAt(text, after.endIndex)) {
			return { span: { start: item.startIndex, end: next.startIndex }, newText: '' };
		}
		let end = after.endIndex;
		while (end < text.length && (text[end] === ' ' || text[end] === '\t')) {
			end++;
		}
		return { span: { start: item.startIndex, end }, newText: '' };
	}
	if (before) {
		return { span: { start: before.startIndex, end: item.endIndex }, newText: '' };
	}
	return { span: { start: item.startIndex, end: item.endIndex }, newText: '' };
}

/** The real (non-comment) arguments of an argument list. */
function argumentsOf(list: Node): Node[] {
	return list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** Appends arguments (e.g. `host="0.0.0.0"`) after the last argument of a call, in its layout. */
export function appendArguments(text: string, call: Node, keywordTexts: readonly string[]): TextReplacement | undefined {
	const list = call.childForFieldName('arguments');
	const args = list && list.type === 'argument_list' ? argumentsOf(list) : [];
	const last = args[args.length - 1];
	const multiLine = !!last && !!list && !!adjacentComma(last, true) && lineStartAt(text, last.startIndex) !== lineStartAt(text, list.endIndex)
		&& /^[ \t]*$/.test(text.slice(lineStartAt(text, last.startIndex), last.startIndex));
	const joined = multiLine ? keywordTexts.join(`,${eolOf(text)}${indentAt(text, last.startIndex)}`) : keywordTexts.join(', ');
	return appendArgument(text, call, joined);
}

/** Removes several items of one list; deletions that touch or overlap are merged into one. */
export function removeListItems(text: string, items: readonly Node[]): TextReplacement[] {
	const spans = items.map((i) => removeListItem(text, i).span).sort((a, b) => a.start - b.start);
	const out: TextReplacement[] = [];
	for (const s of spans) {
		const prev = out[out.length - 1];
		if (prev && s.start < prev.span.end) {
			prev.span.end = Math.max(prev.span.end, s.end);
		} else {
			out.push({ span: { ...s }, newText: '' });
		}
	}
	for (const e of out) {
		// `f("x", a=1, b=2)` without a and b is `f("x")`, not `f("x", )`.
		let j = e.span.end;
		while (text[j] === ' ' || text[j] === '\t') {
			j++;
		}
		let k = e.span.start;
		while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) {
			k--;
		}
		if (text[j] === ')' && text[k - 1] === ',' && !/[\r\n]/.test(text.slice(k, e.span.end))) {
			e.span.start = k - 1;
		}
	}
	return out;
}

/** Appends `keywordText` (e.g. `host="0.0.0.0"`) as the last argument of a call, in its layout. */
export function appendArgument(text: string, call: Node, keywordText: string): TextReplacement | undefined {
	const list = call.childForFieldName('arguments');
	if (!list || list.type !== 'argument_list') {
		return undefined;
	}
	const args = argumentsOf(list);
	if (args.length === 0) {
		// Replacing the whole `()` (not inserting into it) makes a second keyword for the same empty
		// call overlap, so fix-all adds it in the next round with its comma.
		if (list.namedChildCount > 0) {
			return undefined;
		}
		return { span: { start: list.startIndex, end: list.endIndex }, newText: `(${keywordText})` };
	}
	const last = args[args.length - 1];
	const trailing = adjacentComma(last, true);
	if (trailing) {
		const multiLine = lineStartAt(text, last.startIndex) !== lineStartAt(text, list.endIndex);
		if (multiLine && /^[ \t]*$/.test(text.slice(lineStartAt(text, last.startIndex), last.startIndex))) {
			const at = lineEndAt(text, trailing.endIndex);
			const comment = text.slice(trailing.endIndex, at);
			if (/^[ \t]*(#.*)?$/.test(comment)) {
				return { span: { start: at, end: at }, newText: `${eolOf(text)}${indentAt(text, last.startIndex)}${keywordText},` };
			}
		}
		return { span: { start: trailing.endIndex, end: trailing.endIndex }, newText: ` ${keywordText},` };
	}
	return { span: { start: last.endIndex, end: last.endIndex }, newText: `, ${keywordText}` };
}

/** True when a comment node lies within [start, end). */
export function hasCommentWithin(node: Node, start: number, end: number): boolean {
	const stack: Node[] = [node];
	while (stack.length > 0) {
		const n = stack.pop()!;
		if (n.endIndex <= start || n.startIndex >= end) {
			continue;
		}
		if (n.type === 'comment') {
			return true;
		}
		for (const c of n.children) {
			if (c) {
				stack.push(c);
			}
		}
	}
	return false;
}

/**
 * Removes a whole simple statement (an import that no longer binds anything): its line(s) when it
 * stands alone on them (a trailing comment goes with it), else the statement itself becomes
 * `pass`, as it does when it is the only statement of its block (an empty block does not compile).
 */
export function removeStatement(text: string, stmt: Node): TextReplacement {
	const block = stmt.parent;
	const siblings = block ? block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
	const onlyInBlock = !!block && block.type === 'block' && siblings.length === 1;
	const lineStart = lineStartAt(text, stmt.startIndex);
	const alone = /^[ \t]*$/.test(text.slice(lineStart, stmt.startIndex))
		&& /^[ \t]*(#.*)?$/.test(text.slice(stmt.endIndex, lineEndAt(text, stmt.endIndex)));
	if (onlyInBlock || !alone) {
		return replaceNode(stmt, 'pass');
	}
	const lineEnd = lineEndAt(text, stmt.endIndex);
	if (lineStart > 0) {
		// Take the line break before the statement, not after it, so an import another fix adds
		// at the end of this line touches this deletion instead of overlapping it.
		const breakStart = text.startsWith('\r\n', lineStart - 2) ? lineStart - 2 : lineStart - 1;
		return { span: { start: breakStart, end: lineEnd }, newText: '' };
	}
	return { span: { start: lineStart, end: pastLineBreak(text, stmt.endIndex) }, newText: '' };
}
