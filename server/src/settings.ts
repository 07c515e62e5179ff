import type { Severity } from './analysis/model';

// Settings as the engine sees them. Raw values come from VS Code (workspace/configuration) or the
// CLI; `sanitizeSettings` turns arbitrary JSON into valid values and names every key it had to
// reset, so a typo in settings.json never takes the server down.

export type SeverityOverride =
	| 'default' | 'off' | 'downgrade' | 'upgrade'
	| 'error' | 'warn' | 'info' | 'hint';

export interface RuleCustomization {
	/** A rule code or name, `*` wildcards allowed, a leading `!` negates. */
	rule: string;
	severity: SeverityOverride;
}

export interface Settings {
	enable: boolean;
	run: 'onType' | 'onSave';
	rules: { customizations: RuleCustomization[] };
	/** Files larger than this many bytes get one MCP199 finding and are not analysed. */
	maxFileSize: number;
	/** Milliseconds between the last keystroke and analysis. */
	debounceMs: number;
	codeAction: {
		disableRuleComment: { enable: boolean };
		showDocumentation: { enable: boolean };
	};
	resources: {
		/** Report resources calls on receivers whose type could not be inferred, as Hints. */
		reportUnresolvedReceivers: boolean;
	};
	/** Superseded by `workspaceScope`; `openFiles` still means `openFilesOnly` when that is unset. */
	scope: 'workspace' | 'openFiles';
	/**
	 * What closed files report: nothing (`openFilesOnly`), only breaks, i.e. Warning and above
	 * (`breaksInWorkspace`), or every finding (`everything`). Open files always report everything.
	 */
	workspaceScope: WorkspaceScope;
	/**
	 * Which mcp the code runs on (Ruff's target-version, but detected): `auto` reads lock files,
	 * the installed package and the mcp requirement's range; `1` / `2` say it outright.
	 */
	target: 'auto' | '1' | '2';
	exclude: string[];
	fixAll: {
		/** Also apply 'review' rewrites in "fix all" and source.fixAll (on save). */
		includeReviewFixes: boolean;
	};
}

export type WorkspaceScope = 'openFilesOnly' | 'breaksInWorkspace' | 'everything';

/** Whether the code targets mcp 2: the setting when it says so, else what the project resolves. */
export function targetsV2(settings: Settings, projectResolvesV2: boolean): boolean {
	return settings.target === 'auto' ? projectResolvesV2 : settings.target === '2';
}

export const DEFAULT_SETTINGS: Settings = {
	enable: true,
	run: 'onType',
	rules: { customizations: [] },
	maxFileSize: 2 * 1024 * 1024,
	debounceMs: 150,
	codeAction: {
		disableRuleComment: { enable: true },
		showDocumentation: { enable: true },
	},
	resources: { reportUnresolvedReceivers: false },
	scope: 'workspace',
	workspaceScope: 'breaksInWorkspace',
	target: 'auto',
	exclude: [],
	fixAll: { includeReviewFixes: false },
};

const SEVERITY_OVERRIDES: readonly SeverityOverride[] = [
	'default', 'off', 'downgrade', 'upgrade', 'error', 'warn', 'info', 'hint',
];

export interface SanitizedSettings {
	settings: Settings;
	/** One message per setting that was invalid and fell back to its default. */
	warnings: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sanitizeSettings(raw: unknown): SanitizedSettings {
	const warnings: string[] = [];
	const src = isRecord(raw) ? raw : {};
	if (raw !== undefined && raw !== null && !isRecord(raw)) {
		warnings.push('mcpAuthHints: expected an object; using defaults');
	}
	const d = DEFAULT_SETTINGS;

	function pick<T>(key: string, value: unknown, ok: (v: unknown) => v is T, fallback: T): T {
		if (value === undefined) {
			return fallback;
		}
		if (ok(value)) {
			return value;
		}
		warnings.push(`mcpAuthHints.${key}: invalid value ${JSON.stringify(value)}; using the default ${JSON.stringify(fallback)}`);
		return fallback;
	}
	const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
	const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
	const oneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T =>
		typeof v === 'string' && (values as readonly string[]).includes(v);

	const rules = isRecord(src.rules) ? src.rules : {};
	let customizations: RuleCustomization[] = [];
	if (rules.customizations !== undefined) {
		if (!Array.isArray(rules.customizations)) {
			warnings.push('mcpAuthHints.rules.customizations: expected an array; ignoring it');
		} else {
			rules.customizations.forEach((c, i) => {
				if (isRecord(c) && typeof c.rule === 'string' && c.rule.length > 0
					&& typeof c.severity === 'string' && (SEVERITY_OVERRIDES as readonly string[]).includes(c.severity)) {
					customizations.push({ rule: c.rule, severity: c.severity as SeverityOverride });
				} else {
					warnings.push(`mcpAuthHints.rules.customizations[${i}]: expected {rule, severity} with severity one of ${SEVERITY_OVERRIDES.join('|')}; ignoring it`);
				}
			});
		}
	}
	const codeAction = isRecord(src.codeAction) ? src.codeAction : {};
	const disable = isRecord(codeAction.disableRuleComment) ? codeAction.disableRuleComment : {};
	const showDoc = isRecord(codeAction.showDocumentation) ? codeAction.showDocumentation : {};
	const resources = isRecord(src.resources) ? src.resources : {};
	const fixAll = isRecord(src.fixAll) ? src.fixAll : {};
	const exclude = src.exclude === undefined ? d.exclude
		: Array.isArray(src.exclude) && src.exclude.every((e) => typeof e === 'string') ? src.exclude as string[]
			: (warnings.push(`mcpAuthHints.exclude: expected an array of glob strings; using []`), d.exclude);

	customizations = customizations.slice();
	const settings: Settings = {
		enable: pick('enable', src.enable, isBool, d.enable),
		run: pick('run', src.run, oneOf(['onType', 'onSave'] as const), d.run),
		rules: { customizations },
		maxFileSize: pick('maxFileSize', src.maxFileSize, isNonNegInt, d.maxFileSize),
		debounceMs: pick('debounceMs', src.debounceMs, isNonNegInt, d.debounceMs),
		codeAction: {
			disableRuleComment: { enable: pick('codeAction.disableRuleComment.enable', disable.enable, isBool, d.codeAction.disableRuleComment.enable) },
			showDocumentation: { enable: pick('codeAction.showDocumentation.enable', showDoc.enable, isBool, d.codeAction.showDocumentation.enable) },
		},
		resources: {
			reportUnresolvedReceivers: pick('resources.reportUnresolvedReceivers', resources.reportUnresolvedReceivers, isBool, d.resources.reportUnresolvedReceivers),
		},
		scope: pick('scope', src.scope, oneOf(['workspace', 'openFiles'] as const), d.scope),
		workspaceScope: pick('workspaceScope', src.workspaceScope, oneOf(['openFilesOnly', 'breaksInWorkspace', 'everything'] as const),
			src.scope === 'openFiles' ? 'openFilesOnly' : d.workspaceScope),
		target: pick('target', src.target, oneOf(['auto', '1', '2'] as const), d.target),
		exclude,
		fixAll: {
			includeReviewFixes: pick('fixAll.includeReviewFixes', fixAll.includeReviewFixes, isBool, d.fixAll.includeReviewFixes),
		},
	};
	return { settings, warnings };
}

const ORDER: readonly Severity[] = ['hint', 'information', 'warning', 'error'];

function globToRegExp(glob: string): RegExp {
	const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Applies rules.customizations the way ESLint and Stylelint do: every matching entry is
 * considered in order and the last one wins; `!pattern` matches the rules the pattern does not.
 * Returns null when the rule is turned off.
 */
export function effectiveSeverity(code: string, name: string, base: Severity, customizations: readonly RuleCustomization[]): Severity | null {
	let result: Severity | null = base;
	for (const c of customizations) {
		const negate = c.rule.startsWith('!');
		const re = globToRegExp(negate ? c.rule.slice(1) : c.rule);
		const matches = re.test(code) || re.test(name);
		if (matches === negate) {
			continue;
		}
		switch (c.severity) {
			case 'default': result = base; break;
			case 'off': result = null; break;
			case 'error': result = 'error'; break;
			case 'warn': result = 'warning'; break;
			case 'info': result = 'information'; break;
			case 'hint': result = 'hint'; break;
			case 'downgrade': {
				const current: Severity = result ?? base;
				result = ORDER[Math.max(0, ORDER.indexOf(current) - 1)];
				break;
			}
			case 'upgrade': {
				const current: Severity = result ?? base;
				result = ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(current) + 1)];
				break;
			}
		}
	}
	return result;
}
