import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver';
import { codeSpan, escapeMarkdownText, inertMarkdown, isAllowedLink } from '../../server/src/markdown/inert';
import { projectTrees, runCli } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';

// Markdown built from workspace or knowledge text is inert: no command:/file:/data: link, no image
// (a remote image is a network beacon), no raw HTML, whatever the file name, receiver or note
// holds. Checked on the shared sanitizer, on the CLI report run as a process, on the editor's
// export and on a hover over real JSON-RPC. Every check reads the output with a real Markdown
// parser set up to find as much as possible (HTML on, GFM autolinks on, every destination
// accepted), so a construct any renderer could activate is found.

const reader = new MarkdownIt('default', { html: true, linkify: true });
reader.validateLink = () => true;

interface Active {
	links: string[];
	images: string[];
	html: string[];
	text: string;
	code: string[];
}

/** Everything a renderer would make active in `markdown`, plus its plain text and code spans. */
function active(markdown: string): Active {
	const found: Active = { links: [], images: [], html: [], text: '', code: [] };
	const walk = (tokens: readonly MarkdownIt.Token[]) => {
		for (const t of tokens) {
			if (t.type === 'link_open') {
				found.links.push(String(t.attrGet('href')));
			} else if (t.type === 'image') {
				found.images.push(String(t.attrGet('src')));
			} else if (t.type === 'html_inline' || t.type === 'html_block') {
				found.html.push(t.content);
			} else if (t.type === 'text') {
				found.text += t.content;
			} else if (t.type === 'code_inline') {
				found.code.push(t.content);
			}
			walk(t.children ?? []);
		}
	};
	walk(reader.parse(markdown, {}));
	return found;
}

// The crafted names of issue 12, usable as file names (no `/` inside one segment).
const CRAFTED_FILES = [
	'a](command:workbench.action.terminal.new)[b.py',
	'<img src=x onerror=alert(1)>.py',
	'[c](&#99;ommand:workbench.action.quit).py',
	'[[n]](command:y)].py',
	'`[x](command:z)` ``.py',
	'x@evil.example.py',
	'command:run.py',
];
// Two segments: the relative path reads `![x](&#104;ttps:/evil.example/x.png).py`, and
// `https:/host` is a remote URL to browsers.
const BEACON_DIR = '![x](&#104;ttps:';
const BEACON_FILE = `${BEACON_DIR}/evil.example/x.png).py`;
const IMPORT = 'from mcp.server.fastmcp import FastMCP\n';

const HOSTILE_NOTES = [
	'See [x](command:foo) and [y](command:workbench.action.terminal.new "t")',
	'<img src=x onerror=alert(1)><script>alert(1)</script>',
	'![x](&#104;ttps://evil/x.png) and ![y](https://evil/y.png)',
	'[a](&#99;ommand:foo) [b](c&#x6f;mmand:x) [c](&#x63;&#x6f;mmand:x)',
	'[[n]](command:y) [a [b](command:c) d](https://ok.example)',
	'[`x`](command:a) `[y](command:b)` ``[z](command:c)``',
	'[r][ref]\n\n[ref]: command:evil',
	'<command:x> <https://ok.example/auto> www.evil.example x@evil.example',
	'[f](file:///etc/passwd) [d](data:text/html,x) [j](javascript:alert(1)) [v](vscode://x) [h](http://plain.example)',
	'[s](HTTPS://ok.example) [w]( https://ok.example ) [e](https:evil)',
];

function assertInert(markdown: string, allowed: (href: string) => boolean, what: string): Active {
	const found = active(markdown);
	assert.deepEqual(found.images, [], `${what}: images\n${markdown}`);
	assert.deepEqual(found.html, [], `${what}: raw HTML\n${markdown}`);
	const bad = found.links.filter((href) => !allowed(href));
	assert.deepEqual(bad, [], `${what}: links\n${markdown}`);
	// Belt and braces on the schemes themselves (a file: URI may hold `command:` in a file name).
	assert.deepEqual(found.links.filter((href) => /^\s*(command|data|javascript|vscode):|^file:\/\/\/etc/i.test(href)), [], what);
	return found;
}

const httpsOnly = (href: string) => /^https:\/\/[a-z0-9.-]+(\/|$)/i.test(href);

describe('inert Markdown: the shared sanitizer', () => {
	it('escapeMarkdownText reads back as exactly the text, with nothing active', () => {
		const plain = fc.string({ unit: 'binary', maxLength: 60 })
			// eslint-disable-next-line no-control-regex
			.map((s) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ''));
		fc.assert(fc.property(plain, (s) => {
			const tokens = reader.parseInline(`x ${escapeMarkdownText(s)} x`, {})[0].children ?? [];
			assert.deepEqual(tokens.map((t) => t.type), ['text'], JSON.stringify(s));
			assert.equal(tokens[0].content, `x ${s} x`);
		}));
		for (const name of [...CRAFTED_FILES, BEACON_FILE]) {
			const found = active(`| a |\n| --- |\n| ${escapeMarkdownText(name)} |`);
			assert.deepEqual([found.links, found.images, found.html, found.text], [[], [], [], `a${name}`], name);
		}
	});

	it('codeSpan shows the text literally, backticks and edge spaces included', () => {
		const text = fc.string({ maxLength: 30 }).filter((s) => s !== '');
		fc.assert(fc.property(text, (s) => {
			const tokens = reader.parseInline(codeSpan(s), {})[0].children ?? [];
			assert.deepEqual(tokens.map((t) => [t.type, t.content]), [['code_inline', s]], JSON.stringify(s));
		}));
	});

	it('keeps no command:, file:, data: or javascript: link, no image and no HTML from hostile notes', () => {
		for (const note of HOSTILE_NOTES) {
			assertInert(inertMarkdown(note), httpsOnly, note);
		}
	});

	it('decides on the decoded destination: entity-encoded schemes are refused, https kept', () => {
		assert.equal(isAllowedLink('https://ok.example/x'), true);
		assert.equal(isAllowedLink('command:x'), false);
		assert.equal(isAllowedLink('//evil.example/x', { relative: true }), false);
		assert.equal(isAllowedLink('file:///x'), false);
		assert.equal(isAllowedLink('file:///x', { file: true }), true);
		assert.equal(inertMarkdown('[a](&#99;ommand:foo)'), 'a');
		assert.equal(inertMarkdown('![alt text](&#104;ttps://evil/x.png)'), 'alt text');
	});

	it('keeps https links, code spans, emphasis and lists as they were', () => {
		const note = 'Use `MCPServer` from **mcp** (see [the guide](https://py.sdk.modelcontextprotocol.io/migration/)).\n\n- one `a|b`\n- two';
		const found = assertInert(inertMarkdown(note), httpsOnly, 'note');
		assert.deepEqual(found.links, ['https://py.sdk.modelcontextprotocol.io/migration/']);
		assert.deepEqual(found.code, ['MCPServer', 'a|b']);
		assert.equal(reader.render(inertMarkdown(note)), reader.render(note));
	});

	it('finds nothing active in random Markdown-shaped input', () => {
		const piece = fc.constantFrom('[', ']', '(', ')', '<', '>', '!', '&#99;', '&#104;', '&amp;', '`', '``', '*', '_', '\\', ':', '/', '\n', '\n\n', ' ',
			'command', 'https', 'file', 'x', 'img src=x onerror=alert(1)', '|', '- ', '#', '"t"', 'www.', '@');
		fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
			const input = pieces.join('');
			assertInert(inertMarkdown(input), httpsOnly, JSON.stringify(input));
		}), { numRuns: 300 });
	});
});

describe('inert Markdown: the CLI report (as a process)', () => {
	const trees = projectTrees('mcp-inert-');
	after(() => trees.cleanup());

	it('keeps crafted file names as text: no command: link, image or HTML; normal links stay', () => {
		const files: Record<string, string> = { 'app.py': IMPORT, [BEACON_FILE]: IMPORT };
		for (const name of CRAFTED_FILES) {
			files[name] = IMPORT;
		}
		files['pyproject.toml'] = '[project]\nname = "p"\ndependencies = ["mcp>=1.9"]\n[project.optional-dependencies]\n"<img src=x onerror=alert(1)>" = ["mcp<2"]\n"[g](command:h)" = ["mcp<2"]\n';
		const root = trees.make(files);
		const run = runCli(['report'], root);
		assert.equal(run.code, 0, run.stderr);
		// The report links only relative paths: no scheme, no //host.
		const relative = (href: string) => !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//');
		const found = assertInert(run.stdout, relative, 'report');
		assert.ok(found.links.includes('app.py#L1'), found.links.join('\n'));
		for (const name of [...CRAFTED_FILES, BEACON_FILE]) {
			assert.ok(found.text.includes(`${name}:1`), `${name} is shown as text\n${run.stdout}`);
		}
		assert.ok(found.text.includes('<img src=x onerror=alert(1)>'), 'the crafted section name is shown as text');
		assert.ok(found.code.includes('mcp<2'), 'requirements stay code spans');
		// Each crafted file keeps its own link, to itself.
		assert.ok(found.links.includes('a%5D%28command%3Aworkbench.action.terminal.new%29%5Bb.py#L1'), found.links.join('\n'));
	});
});

describe('inert Markdown: the editor (real server over JSON-RPC)', () => {
	const trees = projectTrees('mcp-inert-lsp-');
	const clients: LspClient[] = [];
	after(async () => {
		await Promise.all(clients.map((c) => c.stop()));
		trees.cleanup();
	});

	it('exports a report whose links are the workspace\'s own files, `/`-rooted, and nothing else', async () => {
		const files: Record<string, string> = { 'app.py': IMPORT, [BEACON_FILE]: IMPORT };
		for (const name of CRAFTED_FILES) {
			files[name] = IMPORT;
		}
		const root = fs.realpathSync(trees.make(files));
		const client = await LspClient.start({ workspaceFolders: [root] });
		clients.push(client);
		const { markdown } = await client.request<{ markdown: string }>('mcpAuthHints/exportReport', {});
		const found = assertInert(markdown, (href) => href.startsWith('/') && !href.startsWith('//'), 'export');
		assert.ok(found.links.some((href) => href === '/app.py#L1'), found.links.join('\n'));
		for (const name of CRAFTED_FILES) {
			assert.ok(found.text.includes(`${name}:1`), `${name} is shown as text\n${markdown}`);
		}
		// Each link resolves (as VS Code's Markdown preview does: against the folder) to a file of the workspace.
		for (const href of found.links) {
			const file = path.join(root, decodeURIComponent(new URL(href, 'file:///').pathname));
			assert.ok(file.startsWith(`${root}${path.sep}`) && fs.existsSync(file), href);
		}
	});

	it('hovers over a crafted subscript receiver without a command: link', async () => {
		// With reportUnresolvedReceivers on, the receiver text goes into the hint's message between
		// backticks; its own backticks close that code span and open a link with a code label.
		const code = 'import mcp\n\nasync def main(d, u):\n    await d["`[`x`](command:q)`"].read_resource(u)\n';
		const client = await LspClient.start({ settings: { resources: { reportUnresolvedReceivers: true } } });
		clients.push(client);
		const uri = client.uri('receiver.py');
		client.open(uri, code);
		const diagnostics: Diagnostic[] = await client.diagnostics(uri);
		const hint = diagnostics.find((d) => /read_resource/.test(String(d.message)));
		assert.ok(hint, `the unresolved receiver is reported: ${JSON.stringify(diagnostics)}`);
		// The raw message, read as Markdown, is the attack: it holds a command: link.
		const message = String(hint.message);
		assert.ok(active(message).links.some((href) => href.startsWith('command:')), message);
		const hover = await client.hover(uri, hint.range.start);
		assert.ok(hover, 'a hover on the call');
		const value = (hover.contents as MarkupContent).value;
		assert.equal(typeof value, 'string');
		// The hover may also link the extension's own bundled note (a file: URI under notes/).
		const found = assertInert(value, (href) => httpsOnly(href) || /^file:\/\/\/[^?#]*\/notes\/[a-z0-9-]+\.md$/.test(href), 'hover');
		assert.match(found.text + found.code.join(' '), /read_resource/);
	});
});
