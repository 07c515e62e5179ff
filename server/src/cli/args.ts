import type { Severity } from '../analysis/model';

// Command-line parsing for `mcp-auth-hints`. Hand-written (three options do not justify a
// dependency) and strict: anything unknown is a usage error, reported in one line.

export type FailOn = Severity | 'never';
export type OutputFormat = 'text' | 'json';

export type Command =
	| { kind: 'help' }
	| { kind: 'version' }
	| { kind: 'scan'; paths: string[]; format: OutputFormat; failOn: FailOn; config?: string };

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'information', 'hint', 'never'];
const VALUE_OPTIONS = ['--format', '--fail-on', '--config'] as const;
type ValueOption = typeof VALUE_OPTIONS[number];

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
	if (command !== 'scan') {
		throw new UsageError(`unknown command "${command}"; the only command is "scan" (see --help)`);
	}

	const values: Partial<Record<ValueOption, string>> = {};
	const paths: string[] = [];
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
		values[name as ValueOption] = value;
	}

	const format = values['--format'] ?? 'text';
	if (!(FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`invalid --format "${format}"; expected one of ${FORMATS.join(', ')}`);
	}
	const failOn = values['--fail-on'] ?? 'warning';
	if (!(FAIL_ON as readonly string[]).includes(failOn)) {
		throw new UsageError(`invalid --fail-on "${failOn}"; expected one of ${FAIL_ON.join(', ')}`);
	}
	return {
		kind: 'scan',
		paths: paths.length > 0 ? paths : ['.'],
		format: format as OutputFormat,
		failOn: failOn as FailOn,
		config: values['--config'],
	};
}

export const HELP = `Usage: mcp-auth-hints scan [paths...] [options]

Reports every use of the MCP Python SDK's auth APIs under the given files and
folders (default: the current folder) with its V2 verdict.

Options:
  --format text|json        output format (default: text)
  --fail-on error|warning|information|hint|never
                            exit with 1 when a finding at or above this
                            severity is reported (default: warning)
  --config <file.json>      settings, same shape as the VS Code settings
                            under "mcpAuthHints" (rules.customizations, ...)
  -h, --help                show this help
  -V, --version             show the version

Folders are walked recursively, skipping .git, node_modules, .venv, venv,
__pycache__, site-packages and whatever .gitignore files ignore.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage error (bad option, missing or unreadable path, bad config file).
`;
