import MarkdownIt from 'markdown-it';
import { RULE_PAGES } from 'mcp-auth-hints:rule-pages';

// Each rule's help as SARIF wants it (`rules[].help`): the rule page docs/rules/<CODE>.md as
// Markdown, and the same page as plain text for consumers that do not render Markdown. The pages
// are bundled at build time (scripts/build.mjs), so this reads no file. NOT the place for rule
// metadata (server/src/rules) or for rendering pages anywhere else.

export interface RuleHelp {
	text: string;
	markdown: string;
}

const md = new MarkdownIt();

/** The page's readable text, block by block, taken from markdown-it's tokens (no Markdown syntax). */
function plainText(markdown: string): string {
	const blocks: string[] = [];
	for (const token of md.parse(markdown, {})) {
		if (token.type === 'inline') {
			const text = (token.children ?? []).map((c) =>
				c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.type === 'text' || c.type === 'code_inline' ? c.content : '').join('');
			blocks.push(text);
		} else if (token.type === 'fence' || token.type === 'code_block') {
			blocks.push(token.content.replace(/\n$/, ''));
		}
	}
	return blocks.filter((b) => b.trim() !== '').join('\n\n');
}

/** The help of a rule code, or undefined when no page was bundled for it. */
export function ruleHelp(code: string): RuleHelp | undefined {
	const page = RULE_PAGES[code];
	if (page === undefined) {
		return undefined;
	}
	const markdown = page.trim();
	return { text: plainText(markdown), markdown };
}
