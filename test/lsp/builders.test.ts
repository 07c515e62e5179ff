import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/analysis/model';
import { extractSummary } from '../../server/src/notes/notes';
import { buildCodeActions } from '../../server/src/lsp/codeActions';
import MarkdownIt from 'markdown-it';
import { inertMarkdown } from '../../server/src/markdown/inert';
import { toDiagnostic } from '../../server/src/lsp/toDiagnostic';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

// The pure pieces of the server: Finding → Diagnostic, Diagnostic → code actions, note summaries
// and hover-safe markdown.

const finding: Finding = {
	code: 'MCP103',
	rule: 'auth-removed',
	severity: 'warning',
	span: { start: 6, end: 13 },
	range: { start: { line: 0, character: 6 }, end: { line: 0, character: 13 } },
	message: '`FastMCP` is renamed in V2',
	symbol: 'mcp.server.fastmcp.FastMCP',
	status: 'renamed',
	noteId: 'fastmcp-renamed',
	href: 'https://py.sdk.modelcontextprotocol.io/migration/#fastmcp-renamed-to-mcpserver',
	tags: ['deprecated'],
	fixes: [{ title: 'Rename to MCPServer', safety: 'safe', edits: [{ span: { start: 6, end: 13 }, newText: 'MCPServer' }] }],
	suppress: {
		line: { span: { start: 20, end: 20 }, newText: '  # noqa: MCP103' },
		file: { span: { start: 0, end: 0 }, newText: '# mcp-auth-hints: disable=MCP103\n' },
	},
};

const placement = {
	range: finding.range,
	version: 4,
	locate: (span: { start: number; end: number }) => ({
		uri: 'file:///a.py', version: 4,
		range: { start: { line: 0, character: span.start }, end: { line: 0, character: span.end } },
	}),
};

describe('toDiagnostic', () => {
	it('maps every field of a finding', () => {
		assert.deepEqual(toDiagnostic(finding, placement), {
			range: finding.range,
			severity: 2,
			source: 'mcp-auth-hints',
			code: 'MCP103',
			codeDescription: { href: finding.href },
			message: finding.message,
			tags: [2],
			data: {
				code: 'MCP103',
				noteId: 'fastmcp-renamed',
				symbol: 'mcp.server.fastmcp.FastMCP',
				guide: finding.href,
				suppress: {
					line: { uri: 'file:///a.py', version: 4, range: { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, newText: '  # noqa: MCP103' },
					file: { uri: 'file:///a.py', version: 4, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# mcp-auth-hints: disable=MCP103\n' },
				},
				fixes: [{
					title: 'Rename to MCPServer', safety: 'safe',
					edits: [{ uri: 'file:///a.py', version: 4, range: finding.range, newText: 'MCPServer' }],
				}],
				version: 4,
			},
		});
	});

	it('maps the four severities and leaves tags out when there are none', () => {
		const severities = (['error', 'warning', 'information', 'hint'] as const)
			.map((severity) => toDiagnostic({ ...finding, severity, tags: [] }, placement));
		assert.deepEqual(severities.map((d) => d.severity), [1, 2, 3, 4]);
		assert.ok(severities.every((d) => !('tags' in d)));
	});
});

describe('buildCodeActions', () => {
	const diagnostic = toDiagnostic(finding, placement);
	const ctx = { settings: DEFAULT_SETTINGS, documentChanges: true, versionOf: () => 4 };

	it('puts a mechanical fix first, preferred only when it is safe', () => {
		const actions = buildCodeActions([diagnostic], ctx);
		assert.deepEqual(actions.map((a) => a.title), [
			'MCP Auth Hints (MCP103): Rename to MCPServer',
			'MCP Auth Hints (MCP103): Open V2 note',
			'MCP Auth Hints (MCP103): Open the upstream migration guide',
			'MCP Auth Hints (MCP103): Suppress on this line',
			'MCP Auth Hints (MCP103): Suppress in this file',
			'MCP Auth Hints (MCP103): Disable rule in settings',
		]);
		assert.equal(actions[0].isPreferred, true);
		assert.deepEqual(actions[0].edit, {
			documentChanges: [{ textDocument: { uri: 'file:///a.py', version: 4 }, edits: [{ range: finding.range, newText: 'MCPServer' }] }],
		});
		const review = toDiagnostic({ ...finding, fixes: [{ ...finding.fixes[0], safety: 'review' }] }, placement);
		assert.equal(buildCodeActions([review], ctx)[0].isPreferred, undefined);
	});

	it('uses plain `changes` for clients without documentChanges', () => {
		const [fix] = buildCodeActions([diagnostic], { ...ctx, documentChanges: false });
		assert.deepEqual(fix.edit, { changes: { 'file:///a.py': [{ range: finding.range, newText: 'MCPServer' }] } });
	});

	it('offers no guide link for a non-https href', () => {
		const http = { ...diagnostic, codeDescription: { href: 'http://example.com' }, data: { ...diagnostic.data as object, guide: undefined } };
		assert.ok(!buildCodeActions([http], ctx).some((a) => a.title.includes('Open the upstream')));
	});

	it('takes the guide from data when the client pointed the documentation link at its own rule page', () => {
		const local = { ...diagnostic, codeDescription: { href: 'mcp-auth-hints:/rules/MCP103.md' } };
		const guide = buildCodeActions([local], ctx).find((a) => a.title.includes('Open the upstream'));
		assert.deepEqual(guide?.command?.arguments, [finding.href]);
	});
});

describe('extractSummary', () => {
	it('returns the first paragraph under "## What changed", lines joined', () => {
		const note = '# Title\n\nIntro.\n\n## What changed\n\nFirst line\nsecond line.\n\nSecond paragraph.\n';
		assert.equal(extractSummary(note), 'First line second line.');
		assert.equal(extractSummary(note.replace(/\n/g, '\r\n')), 'First line second line.');
	});

	it('stops at the next heading and returns undefined without the section', () => {
		assert.equal(extractSummary('## What changed\n## Why\ntext'), undefined);
		assert.equal(extractSummary('# Only a title\n\ntext'), undefined);
	});
});

describe('inertMarkdown', () => {
	// The sanitizer re-emits escaped Markdown, so compare what a renderer shows, not the source.
	const html = (md: string) => new MarkdownIt().render(md);

	it('keeps code spans and https links', () => {
		const text = 'Use `MCPServer` (see [the guide](https://py.sdk.modelcontextprotocol.io/migration/)).';
		assert.equal(html(inertMarkdown(text)), html(text));
	});

	it('escapes HTML and drops command and other non-https link targets', () => {
		assert.equal(inertMarkdown('<img src=x onerror=alert(1)> & [run](command:workbench.action.quit)'),
			'\\<img src\\=x onerror\\=alert\\(1\\)\\> \\& run');
		assert.equal(inertMarkdown('[x](javascript:alert(1))'), 'x');
		assert.equal(inertMarkdown('`<b>` stays code'), '`<b>` stays code');
	});
});
