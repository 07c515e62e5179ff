import MarkdownIt from 'markdown-it';

// The one place Markdown built from workspace or knowledge text is made inert, for every producer
// (hovers, the auth API-surface report of the CLI and of the editor). Inert means: no raw HTML, no
// image (so no remote fetch), and no link except https, whatever entities, escapes or brackets the
// input uses. Decisions are taken on markdown-it's parse (destinations already entity-decoded and
// normalised), never on regexes over the source, and the output is re-emitted Markdown in which
// every character of text is backslash-escaped, so another renderer (VS Code's marked, GitHub)
// cannot find a construct markdown-it did not.
//
// Not for: rendering HTML, or deciding what a report or hover says. Engine side only: no vscode or
// LSP import, so the CLI and the server share it.

type Token = MarkdownIt.Token;

/** GFM tables and strikethrough on (as VS Code and GitHub render them); HTML and linkify off. */
const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// markdown-it refuses javascript:, file: and some data: destinations by leaving them as text; accept
// every destination at parse time so this module alone decides (see isAllowedLink), on the decoded
// href, and a refused link keeps only its label.
parser.validateLink = () => true;

/**
 * Escapes a plain string (a file name, a symbol, a receiver, a version) for interpolation into
 * Markdown prose or a table cell: every ASCII punctuation character gets a backslash (CommonMark
 * allows it for all of them, so the result reads the same and opens no construct: no link, code
 * span, emphasis, entity, HTML, autolink, table cell or line-start block). `/` is the one
 * exception: it starts nothing by itself (autolinks also need `:` or `www.`, both escaped), and
 * paths stay readable. Line breaks become spaces so the text cannot leave its line or cell.
 */
export function escapeMarkdownText(text: string): string {
	return text
		.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/[!-.:-@[-`{-~]/g, '\\$&');
}

/**
 * A code span showing `text` literally: a backtick fence longer than any backtick run inside (the
 * CommonMark rule), padded when the text starts or ends with a backtick or a space. `inTable`
 * escapes `|`, which GFM splits cells on even inside code spans.
 */
export function codeSpan(text: string, options: { inTable?: boolean } = {}): string {
	let body = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
	if (options.inTable) {
		body = body.replace(/\|/g, '\\|');
	}
	if (body === '') {
		return '';
	}
	const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
	const fence = '`'.repeat(longest + 1);
	const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
	return `${fence}${pad}${body}${pad}${fence}`;
}

/** Which link targets a producer may emit; https is always the only remote scheme. */
export interface LinkPolicy {
	/** `file:` URIs (the editor's report, linking the workspace's own files). */
	file?: boolean;
	/** Scheme-less relative references (the CLI's report: `src/app.py#L12`). */
	relative?: boolean;
}

/**
 * The destination as written into `[label](destination)`: characters that could end it, open
 * another construct in it or a table cell around it are percent-encoded (the same resource), and
 * `&` is backslash-escaped so no entity is decoded: the scheme a renderer reads is `href`'s.
 */
function linkDestination(href: string): string {
	return href
		.replace(/[\u0000-\u0020\u007f()<>[\]`|\\"'{}^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
		.replace(/&/g, '\\&');
}

/** True when the (decoded, as a renderer sees it) destination is allowed by the policy. */
export function isAllowedLink(href: string, policy: LinkPolicy = {}): boolean {
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase();
	if (scheme === undefined) {
		// A network-path reference (//host) is a remote link; anything else stays in the document's folder.
		return policy.relative === true && href !== '' && !/^[/\\]{2}/.test(href);
	}
	if (scheme === 'https') {
		// With a host: `https:/x` or `https:x` resolve against the document in some renderers.
		return /^https:\/\/[^/\\?#@\s]+/i.test(href);
	}
	return scheme === 'file' && policy.file === true;
}

/** `[label](href)` with the label escaped, or the escaped label alone when `href` is not allowed. */
export function markdownLink(label: string, href: string, policy: LinkPolicy = {}): string {
	const text = escapeMarkdownText(label);
	return isAllowedLink(href, policy) ? `[${text}](${linkDestination(href)})` : text;
}

/**
 * Untrusted Markdown (a knowledge message carrying workspace text, a migration note) made inert:
 * parsed, then re-emitted with raw HTML shown as text, images reduced to their alt text, links
 * kept only for https, and all text escaped. Paragraphs, headings, lists, quotes, code, tables,
 * emphasis and code spans keep their meaning.
 */
export function inertMarkdown(markdown: string): string {
	const tree = toTree(parser.parse(markdown, {}));
	return blocks(tree).trim();
}

interface TreeNode {
	token: Token;
	children: TreeNode[];
}

/** The flat open/close token stream as a tree (markdown-it nests by `nesting` = 1 / 0 / -1). */
function toTree(tokens: readonly Token[]): TreeNode[] {
	const root: TreeNode[] = [];
	const stack: TreeNode[][] = [root];
	for (const token of tokens) {
		if (token.nesting === -1) {
			stack.pop();
			continue;
		}
		const node: TreeNode = { token, children: [] };
		stack[stack.length - 1].push(node);
		if (token.nesting === 1) {
			stack.push(node.children);
		}
	}
	return root;
}

function blocks(nodes: readonly TreeNode[]): string {
	return nodes.map(block).filter((s) => s !== '').join('\n\n');
}

function block(node: TreeNode): string {
	const { token } = node;
	switch (token.type) {
		case 'paragraph_open':
			return blocks(node.children);
		case 'inline':
			return inline(token.children ?? []);
		case 'heading_open':
			return `${'#'.repeat(Number(token.tag.slice(1)) || 1)} ${blocks(node.children)}`;
		case 'bullet_list_open':
		case 'ordered_list_open':
			return list(node);
		case 'blockquote_open':
			return prefixLines(blocks(node.children), '> ', '> ');
		case 'code_block':
		case 'fence':
			return fence(token);
		case 'hr':
			return '---';
		case 'table_open':
			return table(node);
		default:
			// Anything this function does not know (html_block with html off is never produced) is
			// kept as escaped text: unknown structure may be lost, but it never becomes active.
			return node.children.length > 0 ? blocks(node.children) : escapeMarkdownText(token.content);
	}
}

function list(node: TreeNode): string {
	const ordered = node.token.type === 'ordered_list_open';
	let n = Number(node.token.attrGet('start') ?? 1);
	const items = node.children.map((item) => {
		const marker = ordered ? `${n++}. ` : '- ';
		const body = item.children.map(block).filter((s) => s !== '').join(tight(node) ? '\n' : '\n\n');
		return prefixLines(body, marker, ' '.repeat(marker.length));
	});
	return items.join(tight(node) ? '\n' : '\n\n');
}

/** markdown-it marks the paragraphs of a tight list hidden. */
function tight(list: TreeNode): boolean {
	return list.children.every((item) => item.children.every((c) => c.token.type !== 'paragraph_open' || c.token.hidden));
}

function prefixLines(text: string, first: string, rest: string): string {
	return text.split('\n').map((line, i) => (line === '' ? line : (i === 0 ? first : rest) + line)).join('\n');
}

function fence(token: Token): string {
	const body = token.content.replace(/\n$/, '');
	const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
	const fenceMarks = '`'.repeat(longest + 1);
	// The info string only names a language; anything else in it is dropped.
	const language = /^[\w+-]*/.exec(token.info.trim())?.[0] ?? '';
	return `${fenceMarks}${language}\n${body}\n${fenceMarks}`;
}

function table(node: TreeNode): string {
	const rows: TreeNode[] = node.children.flatMap((section) => section.children);
	const lines: string[] = [];
	rows.forEach((row, i) => {
		lines.push(`| ${row.children.map((cell) => inline(cell.children[0]?.token.children ?? [], true)).join(' | ')} |`);
		if (i === 0) {
			lines.push(`| ${row.children.map((cell) => alignment(String(cell.token.attrGet('style') ?? ''))).join(' | ')} |`);
		}
	});
	return lines.join('\n');
}

function alignment(style: string): string {
	const align = /text-align:(\w+)/.exec(style)?.[1];
	return align === 'left' ? ':---' : align === 'right' ? '---:' : align === 'center' ? ':---:' : '---';
}

function inline(tokens: readonly Token[], inTable = false): string {
	let out = '';
	// Links not allowed lose their brackets but keep their label. CommonMark links do not nest, so
	// each close pairs with the last open: its href when kept, undefined when dropped.
	const links: (string | undefined)[] = [];
	for (const token of tokens) {
		switch (token.type) {
			case 'code_inline':
				out += codeSpan(token.content, { inTable });
				break;
			case 'softbreak':
				out += '\n';
				break;
			case 'hardbreak':
				out += '\\\n';
				break;
			case 'strong_open':
			case 'strong_close':
				out += '**';
				break;
			case 'em_open':
			case 'em_close':
				out += '*';
				break;
			case 's_open':
			case 's_close':
				out += '~~';
				break;
			case 'link_open': {
				const href = String(token.attrGet('href') ?? '');
				const keep = isAllowedLink(href);
				links.push(keep ? href : undefined);
				out += keep ? '[' : '';
				break;
			}
			case 'link_close': {
				const href = links.pop();
				out += href === undefined ? '' : `](${linkDestination(href)})`;
				break;
			}
			case 'image':
				// No image is ever emitted (a remote src is a beacon); its alt text stays as text.
				out += inline(token.children ?? [], inTable);
				break;
			default:
				// text, text_special, html_inline (never produced with html off), entities, anything new.
				out += escapeMarkdownText(token.content);
		}
	}
	return out;
}
