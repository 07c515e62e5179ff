import * as fs from 'fs';
import { Engine } from '../engine';
import { DEFAULT_SETTINGS } from '../settings';
import { HELP, parseArgs, UsageError } from './args';
import { loadConfig } from './config';
import { fixFiles } from './fix';
import { exitCode, formatJson, formatText } from './report';
import { checkPaths, scan } from './scan';
import { WorkerAnalyzer } from '../pool/workerAnalyzer';
import { formatGithub, formatSarif } from './formats';
import { renderReport, sarifOptions } from './reportCommand';
import { version } from '../../../package.json';

// Entry point of dist/cli.js (`mcp-auth-hints`). Exit codes: 0 clean, 1 findings at or above
// --fail-on, 2 usage or I/O error, 3 a file's analysis was stopped by the time or memory budget
// (the scan finished; that file was not checked). User errors are one line on stderr, never a
// stack trace.

/** A file went over the analysis budget: the result is incomplete, so CI must not pass silently. */
const EXIT_INCOMPLETE = 3;

async function main(argv: readonly string[]): Promise<number> {
	const command = parseArgs(argv);
	if (command.kind === 'help') {
		process.stdout.write(HELP);
		return 0;
	}
	if (command.kind === 'version') {
		process.stdout.write(`${version}\n`);
		return 0;
	}
	let settings = DEFAULT_SETTINGS;
	if (command.config) {
		const loaded = loadConfig(command.config);
		settings = loaded.settings;
		for (const warning of loaded.warnings) {
			process.stderr.write(`mcp-auth-hints: warning: ${warning}\n`);
		}
	}
	if (command.kind === 'scan' && (command.fix || command.diff)) {
		checkPaths(command.paths, process.cwd()); // a FIFO or device named here must fail before --fix reads it
		const engine = await Engine.create();
		const fixed = fixFiles(engine, { paths: command.paths, settings, cwd: process.cwd(), unsafe: command.fix === 'unsafe', diff: !!command.diff, fixReadOnly: !!command.fixReadOnly });
		for (const skipped of fixed.skipped) {
			process.stderr.write(`mcp-auth-hints: warning: ${skipped}\n`);
		}
		if (command.diff) {
			await write(fixed.diff);
			process.stderr.write(`mcp-auth-hints: ${fixed.changed.length} file(s) would be changed\n`);
			return fixed.changed.length > 0 ? 1 : 0;
		}
		process.stderr.write(`mcp-auth-hints: fixed ${fixed.fixed} finding(s) in ${fixed.changed.length} file(s)\n`);
	}
	// Every analysis runs in a worker thread with a per-file time budget and a heap limit, so no
	// input can hang the run or take the process down with it.
	const analyzer = new WorkerAnalyzer({ log: () => undefined });
	let result;
	try {
		await analyzer.start();
		result = await scan(analyzer, { paths: command.paths, settings, cwd: process.cwd() });
	} finally {
		await analyzer.dispose();
	}
	const { report, problems, project, stopped } = result;
	for (const problem of [...problems, ...stopped]) {
		process.stderr.write(`mcp-auth-hints: warning: ${problem}\n`);
	}
	if (command.kind === 'report') {
		await write(renderReport(project, command.format, process.cwd()));
		return stopped.length > 0 ? EXIT_INCOMPLETE : 0;
	}
	await write(command.format === 'json' ? formatJson(report)
		: command.format === 'sarif' ? formatSarif(report, sarifOptions(process.cwd()))
			: command.format === 'github' ? formatGithub(report) : formatText(report));
	return stopped.length > 0 ? EXIT_INCOMPLETE : exitCode(report, command.failOn);
}

/** Resolves once stdout has taken the text, so a piped consumer gets all of it before exit. */
function write(text: string): Promise<void> {
	return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

// `mcp-auth-hints scan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
	if (err.code === 'EPIPE') {
		process.exit(process.exitCode ?? 0);
	}
	throw err;
});

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		const message = err instanceof UsageError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
		fs.writeSync(2, `mcp-auth-hints: ${message}\n`);
		process.exitCode = 2;
	},
);
