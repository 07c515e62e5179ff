import type { LineIndex } from '../analysis/lineIndex';
import type { Finding, FindingTag, Fix, Severity, Span, V2Status } from '../analysis/model';
import type { Suppressions } from '../analysis/suppressions';
import { effectiveSeverity, Settings } from '../settings';
import { MIGRATION_GUIDE_URL, ruleMeta } from './catalogue';

// The single place a rule's report becomes a Finding (Stylelint's warning-to-diagnostic idea):
// severity from the catalogue, the knowledge status and the user's customizations; the range from
// the document's own line breaks; suppressions applied; suppression edits attached.

export interface Report {
	code: string;
	span: Span;
	message: string;
	symbol?: string;
	status?: V2Status;
	noteId?: string;
	href?: string;
	tags?: FindingTag[];
	/** Rewrites that fix this finding; the title gets the code and a review marker appended here. */
	fixes?: Fix[];
}

export class Reporter {
	private readonly findings: Finding[] = [];
	private readonly seen = new Set<string>();

	constructor(
		private readonly lines: LineIndex,
		private readonly settings: Settings,
		private readonly suppressions: Suppressions,
		private readonly mcpResolvesV2: boolean,
	) {}

	report(r: Report): void {
		const key = `${r.code}:${r.span.start}:${r.span.end}`;
		if (this.seen.has(key)) {
			return;
		}
		this.seen.add(key);
		const meta = ruleMeta(r.code);
		let base: Severity = meta.defaultSeverity;
		// Once the project resolves mcp >= 2, a removed/moved name is an import-time failure.
		if (r.code === 'MCP103' && this.mcpResolvesV2) {
			base = 'error';
		}
		const severity = effectiveSeverity(meta.code, meta.name, base, this.settings.rules.customizations);
		if (severity === null) {
			return;
		}
		const range = this.lines.rangeOf(r.span);
		if (this.suppressions.isSuppressed(r.code, range.start.line)) {
			return;
		}
		this.findings.push({
			code: r.code,
			rule: meta.name,
			severity,
			span: r.span,
			range,
			message: r.message,
			symbol: r.symbol,
			status: r.status,
			noteId: r.noteId,
			href: r.href ?? MIGRATION_GUIDE_URL,
			tags: r.tags ?? meta.tags,
			fixes: (r.fixes ?? []).map((f) => ({ ...f, title: `${f.title} (${r.code})${f.safety === 'review' ? ' (review)' : ''}` })),
			suppress: this.suppressions.editsFor(r.code, range.start.line),
		});
	}

	result(): Finding[] {
		return this.findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
	}
}
