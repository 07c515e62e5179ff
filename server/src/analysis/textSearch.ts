// Where a name occurs in a text: the one plain-text search behind every name-directed lookup.
// Not a tokenizer: callers confirm each hit against the syntax tree.
//
// Why one helper: error recovery can hand a rule a zero-width identifier (`from m import (\n ,\n)`),
// and a hand-written `indexOf` loop on an empty needle never advances. Here an empty name simply
// has no occurrences, so no caller can spin.

/** Offsets of every occurrence of `name` in `text` that starts at or after `from` and ends by `to`. */
export function* occurrences(text: string, name: string, from = 0, to = text.length): Generator<number> {
	if (name.length === 0) {
		return;
	}
	for (let i = text.indexOf(name, from); i !== -1 && i + name.length <= to; i = text.indexOf(name, i + name.length)) {
		yield i;
	}
}
