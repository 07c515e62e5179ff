import type { FindingTag, Severity } from '../analysis/model';
import type { FileContext } from '../facts/context';
import type { Report } from './reporter';

// What a rule is, Ruff-style: metadata (code, kebab-case name, default severity, fix availability,
// the one-line summary the docs tables are generated from) next to the check that turns facts
// into reports. One rule = one module under rules/<family>/<name>.ts, registered in rules/index.ts.
// Not the reporter: severities, suppressions and ranges are applied in rules/reporter.ts.

export interface RuleMeta {
	code: string;
	name: string;
	defaultSeverity: Severity;
	/**
	 * Severity once the project resolves mcp >= 2 (lock file or installed package): a line that
	 * only fails at import time under V2 is an error there.
	 */
	severityWhenV2?: Severity;
	tags: FindingTag[];
	/** One line for tables, the CLI's --list-rules and the editor's rule picker. */
	summary: string;
	/** Whether findings of this rule carry a rewrite: 'sometimes' when some do. */
	fix: 'always' | 'sometimes' | 'none';
	/** Bundled note (server/notes/<note>.md) of a rule that is not about one catalogued symbol. */
	note?: string;
	/** Default evidence link of findings that do not carry their own. */
	href?: string;
	/**
	 * Findings of this rule mark code that only works on mcp 1.x (what dependency-range's "V1-only APIs
	 * remain" counts).
	 */
	v1Only: boolean;
	/** Where the rule looks: one Python file, the project's manifests, or the engine's file gate. */
	scope: 'file' | 'project' | 'engine';
}

/** The report function a rule gets: the code, rule name and severity come from its own metadata. */
export type ReportFn = (report: Report) => void;

export interface FileRule {
	meta: RuleMeta & { scope: 'file' };
	check(ctx: FileContext, report: ReportFn): void;
}

export interface OtherRule {
	meta: RuleMeta & { scope: 'project' | 'engine' };
}

export type Rule = FileRule | OtherRule;
