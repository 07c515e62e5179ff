import { Hover, MarkupKind } from 'vscode-languageserver';
import type { Finding, Range, V2Status } from '../analysis/model';
import { bundledKnowledge } from '../knowledge';
import { codeSpan, escapeMarkdownText, inertMarkdown, markdownLink } from '../markdown/inert';

// Hover on a flagged name: what VS Code's own diagnostic hover (shown right above ours) lacks, per
// finding: the verdict, the V2 shape (where the symbol went), the migration note's summary, and
// links to the bundled note and the upstream guide. Never the diagnostic's message: the editor
// already shows it. Notes are files and symbols come from the workspace, so everything goes through
// the shared inert-Markdown sanitizer. Not for deciding verdicts or reading the document.

const VERDICT: Record<V2Status, string> = {
	unchanged: 'unchanged in V2',
	signature_changed: 'signature changed in V2',
	moved: 'moved in V2',
	renamed: 'renamed in V2',
	removed: 'removed in V2',
	watch: 'deprecated after 2.0 (works in 2.x, breaks in 3.0)',
	added: 'added in V2 (no mcp 1.x release has it)',
};

/** The bundled notes, as the hover needs them (NoteStore). */
export interface HoverNotes {
	summary(noteId: string): string | undefined;
	/** file: URI of the bundled note, undefined for an unknown id. */
	uriOf(noteId: string): string | undefined;
}

export function buildHover(findings: readonly Finding[], range: Range, notes: HoverNotes): Hover {
	const sections = findings.map((f) => {
		const verdict = [`**${escapeMarkdownText(f.code)}**`];
		if (f.status) {
			verdict.push(VERDICT[f.status]);
		}
		if (f.symbol) {
			verdict.push(codeSpan(f.symbol));
		}
		const parts = [verdict.join(' · ')];
		const shape = v2Shape(f);
		if (shape) {
			parts.push(shape);
		}
		if (f.detail) {
			// The long explanation behind the short diagnostic message (issue 18).
			parts.push(inertMarkdown(f.detail));
		}
		const summary = f.noteId ? notes.summary(f.noteId) : undefined;
		if (summary) {
			parts.push(inertMarkdown(summary));
		}
		const links: string[] = [];
		const noteUri = f.noteId ? notes.uriOf(f.noteId) : undefined;
		if (noteUri) {
			// The bundled note, a file of the extension itself (never a workspace path).
			links.push(markdownLink('Open note', noteUri, { file: true }));
		}
		if (f.href.startsWith('https://')) {
			links.push(markdownLink('Migration guide', f.href));
		}
		if (links.length > 0) {
			parts.push(links.join(' · '));
		}
		return parts.join('\n\n');
	});
	return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}

/** "V2: `target`" (and the call it takes there), or why there is none; undefined when unknown. */
function v2Shape(f: Finding): string | undefined {
	if (!f.symbol || !f.status || f.status === 'unchanged') {
		return undefined;
	}
	const resolved = bundledKnowledge().lookup(f.symbol);
	const target = resolved?.derivedTarget ?? resolved?.entry.target ?? undefined;
	const call = resolved?.entry.v2Call?.name;
	if (target) {
		return `V2: ${codeSpan(target)}${call && !target.endsWith(call) ? ` (called as ${codeSpan(call)})` : ''}`;
	}
	return f.status === 'removed' ? 'V2: removed, no drop-in replacement' : undefined;
}
