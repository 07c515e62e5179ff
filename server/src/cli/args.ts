import type { Severity } from '../analysis/model';
import { isSelector, RuleSelection } from '../project/config';

// Command-line parsing for `mcp-auth-hints`. Hand-written (a dozen options do not justify a
// dependency) and strict: anything unknown is a usage error, reported in one line. The Ruff-style
// names (--select, --output-format, --exit-zero, ...) mean what they mean in `ruff check`.

export type FailOn = Severity | 'never';
export type OutputFormat = 'text' | 'concise' | 'grouped' | 'json' | 'sarif' | 'github';
export type ReportFormat = 'markdown' | 'json';

export type Command =
	| { kind: 'help' }
	| { kind: 'version' }
	| ScanCommand
	| { kind: 'report'; paths: string[]; format: ReportFormat; config?: string; selection: RuleSelection; noCache?: boolean };

export interface ScanCommand {
	kind: 'scan';
	paths: string[];
	format: OutputFormat;
	/** Undefined when not given: the config file's fail-on, else warning. */
	failOn?: FailOn;
	config?: string;
	fix?: FixMode;
	diff?: boolean;
	fixReadOnly?: boolean;
	/** --add-noqa: append `# noqa: CODE` to every line with a finding at or above fail-on. */
	addNoqa?: boolean;
	/** --select / --extend-select / --ignore; each list undefined when the flag was not given. */
	selection: RuleSelection;
	statistics?: boolean;
	exitZero?: boolean;
	quiet?: boolean;
	showFixes?: boolean;
	/** Apply the configuration's exclude to files named on the command line too (pre-commit passes them). */
	forceExclude?: boolean;
	/** --no-cache: neither read nor write the result cache (server/src/project/cache.ts). */
	noCache?: boolean;
}

/** `--fix`: safe rewrites; `--unsafe-fixes` (with or without --fix): review ones too. */
export type FixMode = 'safe' | 'unsafe';

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'concise', 'grouped'];
const REPORT_FORMATS: readonly ReportFormat[] = ['markdown', 'json'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'information', 'hint', 'never'];
const VALUE_OPTIONS = ['--format', '--output-format', '--fail-on', '--config', '--select', '--ignore', '--extend-select'] as const;
type ValueOption = typeof VALUE_OPTIONS[number];
/** Options that may be given more than once; their comma-separated values accumulate. */
const LIST_OPTIONS: readonly ValueOption[] = ['--select', '--ignore', '--extend-select'];
const FLAG_OPTIONS = ['--fix', '--unsafe-fixes', '--diff', '--fix-read-only', '--statistics', '--exit-zero', '--quiet', '-q', '--show-fixes', '--add-noqa', '--force-exclude', '--no-cache'] as const;
/** Flags of scan that report takes too (they only shape what is scanned). */
const REPORT_FLAGS: readonly string[] = ['--no-cache'];

export function parseArgs(argv: readonly string[]): Command {
	if (argv.includes('--help') || argv.includes('-h')) {
		return { kind: 'help' };
	}
	if (argv.includes('--version') || argv.includes('-V')) {
		return { kind: 'version' };
	}
	const [command, ...rest] = argv;
	if (command === undefined) {
		throw new UsageError('missing command; try "mcp-auth-hints scan ." or --help');
	}
	if (command !== 'scan' && command !== 'report') {
		throw new UsageError(`unknown command "${command}"; the commands are "scan" and "report" (see --help)`);
	}

	const values: Partial<Record<ValueOption, string>> = {};
	const lists: Partial<Record<ValueOption, string[]>> = {};
	const paths: string[] = [];
	const flags = new Set<string>();
	let onlyPaths = false;
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		if (onlyPaths || !arg.startsWith('-') || arg === '-') {
			paths.push(arg);
			continue;
		}
		if (arg === '--') {
			onlyPaths = true;
			continue;
		}
		if ((FLAG_OPTIONS as readonly string[]).includes(arg)) {
			flags.add(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq === -1 ? arg : arg.slice(0, eq);
		if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
			throw new UsageError(`unknown option ${name} (see --help)`);
		}
		let value: string | undefined;
		if (eq !== -1) {
			value = arg.slice(eq + 1);
		} else {
			value = rest[i + 1];
			i++;
		}
		if (value === undefined || value === '') {
			throw new UsageError(`option ${name} needs a value`);
		}
		if (LIST_OPTIONS.includes(name as ValueOption)) {
			const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
			const bad = items.find((v) => !isSelector(v));
			if (bad !== undefined) {
				throw new UsageError(`invalid ${name} "${bad}": not a rule code or a prefix of one (e.g. MCP103, MCP1, ALL)`);
			}
			(lists[name as ValueOption] ??= []).push(...items);
			continue;
		}
		if (name === '--format' || name === '--output-format') {
			if (values['--format'] !== undefined && values['--format'] !== value) {
				throw new UsageError('--format and --output-format give different formats; use one');
			}
			values['--format'] = value;
			continue;
		}
		values[name as ValueOption] = value;
	}
	const selection: RuleSelection = {
		...(lists['--select'] ? { select: lists['--select'] } : {}),
		...(lists['--extend-select'] ? { extendSelect: lists['--extend-select'] } : {}),
		...(lists['--ignore'] ? { ignore: lists['--ignore'] } : {}),
	};

	const scanOnly = [...flags].filter((f) => !REPORT_FLAGS.includes(f));
	if (command === 'report' && scanOnly.length > 0) {
		throw new UsageError(`${scanOnly[0]} applies to scan only`);
	}
	if (command === 'report') {
		const reportFormat = values['--format'] ?? 'markdown';
		if (!(REPORT_FORMATS as readonly string[]).includes(reportFormat)) {
			throw new UsageError(`invalid --format "${reportFormat}" for report; expected one of ${REPORT_FORMATS.join(', ')}`);
		}
		if (values['--fail-on'] !== undefined) {
			throw new UsageError('--fail-on applies to scan only');
		}
		return { kind: 'report', paths: paths.length > 0 ? paths : ['.'], format: reportFormat as ReportFormat, config: values['--config'], selection, ...(flags.has('--no-cache') ? { noCache: true } : {}) };
	}
	if (flags.has('--add-noqa') && (flags.has('--fix') || flags.has('--unsafe-fixes') || flags.has('--diff'))) {
		throw new UsageError('--add-noqa cannot be combined with --fix, --unsafe-fixes or --diff');
	}
	if (flags.has('--fix-read-only') && !flags.has('--fix') && !flags.has('--unsafe-fixes') && !flags.has('--add-noqa')) {
		throw new UsageError('--fix-read-only needs --fix or --unsafe-fixes');
	}
	const format = values['--format'] ?? 'text';
	if (!(FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`invalid --format "${format}"; expected one of ${FORMATS.join(', ')}`);
	}
	const failOn = values['--fail-on'];
	if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
		throw new UsageError(`invalid --fail-on "${failOn}"; expected one of ${FAIL_ON.join(', ')}`);
	}
	return {
		kind: 'scan',
		paths: paths.length > 0 ? paths : ['.'],
		format: format as OutputFormat,
		...(failOn !== undefined ? { failOn: failOn as FailOn } : {}),
		config: values['--config'],
		selection,
		...(flags.has('--statistics') ? { statistics: true } : {}),
		...(flags.has('--exit-zero') ? { exitZero: true } : {}),
		...(flags.has('--quiet') || flags.has('-q') ? { quiet: true } : {}),
		...(flags.has('--show-fixes') ? { showFixes: true } : {}),
		...(flags.has('--force-exclude') ? { forceExclude: true } : {}),
		...(flags.has('--unsafe-fixes') ? { fix: 'unsafe' as const } : flags.has('--fix') ? { fix: 'safe' as const } : {}),
		...(flags.has('--diff') ? { diff: true } : {}),
		...(flags.has('--fix-read-only') ? { fixReadOnly: true } : {}),
		...(flags.has('--no-cache') ? { noCache: true } : {}),
		...(flags.has('--add-noqa') ? { addNoqa: true } : {}),
	};
}

export const HELP = `Usage: mcp-auth-hints scan [paths...] [options]
       mcp-auth-hints report [paths...] [--format markdown|json] [--config <file>]

Reports every use of the MCP Python SDK's auth APIs under the given files and
folders (default: the current folder) with its V2 verdict.

Options:
  --format, --output-format text|concise|grouped|json|sarif|github
                            output format of scan (default: text); concise is
                            one line per finding without the severity, grouped
                            lists findings under their file; sarif is SARIF
                            2.1.0, github prints workflow annotations for
                            errors and warnings (report: markdown|json)
  --select CODES            only these rules: codes or prefixes (MCP10, ALL),
                            comma-separated; replaces the config's select
  --extend-select CODES     add rules to the selection
  --ignore CODES            leave these rules out
  --fail-on error|warning|information|hint|never
                            exit with 1 when a finding at or above this
                            severity is reported (default: the config's
                            fail-on, else warning)
  --exit-zero               exit 0 even when findings are reported
  --statistics              print the number of findings per code (with how
                            many --fix would rewrite) instead of the findings
  -q, --quiet               print the findings only (no summary)
  --no-cache                neither read nor write the per-file result cache
                            (kept in the user's cache folder, never in the
                            project; MCP_AUTH_HINTS_NO_CACHE=1 does the same)
  --show-fixes              print each finding's rewrites under it; with --fix,
                            list the files fixed
  --force-exclude           leave out files named on the command line that the
                            configuration's exclude matches (for pre-commit)
  --config <file>           a TOML configuration (keys as in
                            [tool.mcp-auth-hints]) or JSON with comments in the
                            VS Code settings shape; without it the nearest
                            mcp-auth-hints.toml or pyproject.toml with a
                            [tool.mcp-auth-hints] table above the first path
  --fix                     apply the safe V2 rewrites ([*] in the output) to
                            the .py files, then report what is left
  --unsafe-fixes            also apply the rewrites marked "review"
  --diff                    print the rewrites as a unified diff instead of
                            writing them (exit 1 when there is a diff)
  --fix-read-only           also rewrite files whose owner has no write
                            permission (skipped with a warning otherwise)
  --add-noqa                append "# noqa: CODE" to every line with a finding
                            at or above --fail-on (merged into an existing
                            noqa), so a legacy project starts green and only
                            new findings fail; then report what is left
  -h, --help                show this help
  -V, --version             show the version and the SDK releases the
                            knowledge was verified against

report prints the auth API-surface report: every mcp auth / resources symbol
the project uses with its V2 verdict, count and locations, the mcp version
constraints and the resolved or installed version.

Folders are walked recursively for .py files, .ipynb notebooks (findings in
"file.ipynb#cell=N", N counting every cell from 1), pyproject.toml,
requirements*.txt, uv.lock and poetry.lock, skipping .git, node_modules, .venv, venv,
__pycache__, site-packages and whatever .gitignore files ignore.

Colour only on a terminal, never when NO_COLOR is set (FORCE_COLOR forces it).

Exit codes: 0 nothing at or above --fail-on (always with --exit-zero),
1 findings at or above it, 2 usage error (bad option, missing or unreadable
path, bad config file), 3 a file's analysis was stopped by the time or memory
budget.
`;
