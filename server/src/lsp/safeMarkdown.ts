// Hover text comes from the knowledge file and the bundled notes. It is rendered as markdown but
// must never carry HTML or a command: link, whatever a note contains: code spans are kept as
// they are (markdown does not interpret their content), https links are kept, every other link
// keeps only its label, and <, > and & are escaped so no tag or autolink survives.

const CODE_SPAN = /(`+)[^`]*?\1/g;
/** [label](destination "title"), the destination allowing one level of balanced parentheses. */
const LINK = /\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+"[^"]*")?\)/g;

export function safeMarkdown(text: string): string {
	let out = '';
	let last = 0;
	for (const match of text.matchAll(CODE_SPAN)) {
		out += prose(text.slice(last, match.index)) + match[0];
		last = match.index + match[0].length;
	}
	return out + prose(text.slice(last));
}

function prose(text: string): string {
	let out = '';
	let last = 0;
	for (const match of text.matchAll(LINK)) {
		out += escapeHtml(text.slice(last, match.index));
		const [, label, url] = match;
		out += isSafeUrl(url) ? `[${escapeHtml(label)}](${url})` : escapeHtml(label);
		last = match.index + match[0].length;
	}
	return out + escapeHtml(text.slice(last));
}

function isSafeUrl(url: string): boolean {
	return /^https:\/\/[^\s<>"'`\\]+$/i.test(url);
}

function escapeHtml(text: string): string {
	return text.replace(/[<>&]/g, (c) => `\\${c}`);
}
