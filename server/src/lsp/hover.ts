import { Hover, MarkupKind } from 'vscode-languageserver';
import type { Finding, Range, V2Status } from '../analysis/model';
import { codeSpan, inertMarkdown } from '../markdown/inert';

// Hover on a flagged name: for each finding under the cursor, its verdict line, its message and
// the summary of its migration note. Messages carry workspace text (a receiver, a subject) and notes
// are files on disk, so both go through the shared inert-Markdown sanitizer.

const VERDICT: Record<V2Status, string> = {
	unchanged: 'unchanged in V2',
	signature_changed: 'signature changed in V2',
	moved: 'moved in V2',
	renamed: 'renamed in V2',
	removed: 'removed in V2',
	watch: 'deprecated after 2.0 (works in 2.x, breaks in 3.0)',
};

export function buildHover(findings: readonly Finding[], range: Range, noteSummary: (noteId: string) => string | undefined): Hover {
	const sections = findings.map((f) => {
		const verdict = [`**${f.code}**`];
		if (f.status) {
			verdict.push(VERDICT[f.status]);
		}
		if (f.symbol) {
			verdict.push(codeSpan(f.symbol));
		}
		const parts = [verdict.join(' · '), inertMarkdown(f.message)];
		const summary = f.noteId ? noteSummary(f.noteId) : undefined;
		if (summary) {
			parts.push(inertMarkdown(summary));
		}
		return parts.join('\n\n');
	});
	return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}
