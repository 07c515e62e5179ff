import type { LineIndex } from '../analysis/lineIndex';
import type { Finding, FindingTag, Fix, Severity, Span, V2Status } from '../analysis/model';
import type { Suppressions } from '../analysis/suppressions';
import { effectiveSeverity, Settings } from '../settings';
import type { RuleMeta } from './rule';

// The single place a rule's report becomes a Finding (Stylelint's warning-to-diagnostic idea):
// severity from the rule's metadata, the project's mcp and the user's customizations; the range
// from the document's own line breaks; suppressions applied; suppression edits attached.
// Used by file rules, by the dependency-range rule on manifests and by file-skipped alike.

export const MIGRATION_GUIDE_URL = 'https://py.sdk.modelcontextprotocol.io/migration/';

export interface Report {
	span: Span;
	/** For a rule with two levels (dependency-range: break or ready-to-move), this report's base severity. */
	severity?: Severity;
	/** At most ~100 characters: what breaks and what to write (rules/messages.ts). */
	message: string;
	/** The long explanation (the knowledge entry's sentence): hover and report, not the Problems row. */
	detail?: string;
	symbol?: string;
	status?: V2Status;
	noteId?: string;
	href?: string;
	tags?: FindingTag[];
	/** Rewrites that fix this finding; the title gets a review marker appended here. */
	fixes?: Fix[];
	/**
	 * Offsets of the import names this use's name comes from: a `# noqa: CODE` on one of their
	 * lines covers the use too, so one suppression on an import silences the names it binds.
	 */
	importedAt?: number[];
}

export interface ReporterInput {
	lines: LineIndex;
	settings: Settings;
	/** Absent where a text has no comment grammar of its own (a file that was skipped). */
	suppressions?: Suppressions;
	mcpResolvesV2: boolean;
	/**
	 * Whether breaks become Errors: the project resolves mcp >= 2 (default: mcpResolvesV2). A file
	 * that only looks like V2 (it imports a V2-only module) runs its verdicts on V2 but keeps Warnings.
	 */
	breaksAreErrors?: boolean;
}

export class Reporter {
	private readonly findings: Finding[] = [];
	private readonly seen = new Set<string>();

	constructor(private readonly input: ReporterInput) {}

	report(meta: RuleMeta, r: Report): void {
		const key = `${meta.code}:${r.span.start}:${r.span.end}`;
		if (this.seen.has(key)) {
			return;
		}
		this.seen.add(key);
		const { lines, settings, suppressions, mcpResolvesV2, breaksAreErrors = mcpResolvesV2 } = this.input;
		const base: Severity = r.severity ?? (breaksAreErrors && meta.severityWhenV2 ? meta.severityWhenV2 : meta.defaultSeverity);
		const severity = effectiveSeverity(meta.code, meta.name, base, settings.rules.customizations);
		if (severity === null) {
			return;
		}
		const range = lines.rangeOf(r.span);
		if (suppressions?.isSuppressed(meta.code, range.start.line)
			|| r.importedAt?.some((offset) => suppressions?.isSuppressed(meta.code, lines.lineOf(offset)))) {
			return;
		}
		this.findings.push({
			code: meta.code,
			rule: meta.name,
			severity,
			span: r.span,
			range,
			message: r.message,
			detail: r.detail,
			symbol: r.symbol,
			status: r.status,
			noteId: r.noteId ?? meta.note,
			href: r.href ?? meta.href ?? MIGRATION_GUIDE_URL,
			tags: r.tags ?? meta.tags,
			fixes: (r.fixes ?? []).map((f) => this.fixFor(f)),
			suppress: suppressions?.editsFor?.(meta.code, range.start.line),
		});
	}

	/**
	 * A rewrite as the user gets it: a V2-only rewrite in a project that runs mcp 1 is never safe
	 * (the file would work on neither version until the rest moves too). The code is not in the
	 * title: each door says it its own way (the editor's `MCP Auth Hints (CODE):` prefix).
	 */
	private fixFor(f: Fix): Fix {
		const v2Only = !!f.v2Only && !this.input.mcpResolvesV2;
		const safety = v2Only ? 'review' : f.safety;
		return { ...f, safety, v2Only: v2Only || undefined, title: `${f.title}${safety === 'review' ? ' (review)' : ''}` };
	}

	result(): Finding[] {
		return this.findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	}
}
