import * as fs from 'fs';
import { Engine } from '../engine';
import { HELP, parseArgs, UsageError } from './args';
import { resolveConfig } from './config';
import { noqaFixes } from './addNoqa';
import { fixFiles } from './fix';
import { exitCode, formatJson } from './report';
import { formatStatistics, formatTextReport, statistics, useColor } from './textFormats';
import { versionText } from './version';
import { checkPaths, scan, withoutExcludedFiles } from './scan';
import { bundledWorkerFile } from '../pool/workerAnalyzer';
import { WorkerPool } from '../pool/workerPool';
import { CachedSourceAnalyzer, cacheDisabledByEnv, defaultCacheDir, ResultCache } from '../project/cache';
import { formatGithub, formatSarif } from './formats';
import { renderReport, sarifOptions } from './reportCommand';

// Entry point of dist/cli.js (`mcp-auth-hints`). Exit codes: 0 clean (always with --exit-zero),
// 1 findings at or above --fail-on, 2 usage, configuration or I/O error, 3 a file's analysis was stopped by the time or memory budget
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
		process.stdout.write(versionText());
		return 0;
	}
	checkPaths(command.paths, process.cwd()); // a typo or a FIFO must fail before a config is looked for above it
	const config = resolveConfig({ config: command.config, paths: command.paths, selection: command.selection, cwd: process.cwd() });
	const { settings } = config;
	for (const warning of config.warnings) {
		process.stderr.write(`mcp-auth-hints: warning: ${warning}\n`);
	}
	const quiet = command.kind === 'scan' && !!command.quiet;
	const paths = command.kind === 'scan' && command.forceExclude
		? withoutExcludedFiles(command.paths, process.cwd(), config.excludeBase, settings.exclude) : command.paths;
	if (command.kind === 'scan' && command.addNoqa) {
		const engine = await Engine.create();
		const failOn = command.failOn ?? config.failOn ?? 'warning';
		const added = fixFiles(engine, { paths, settings, cwd: process.cwd(), unsafe: false, diff: false, fixReadOnly: !!command.fixReadOnly, excludeBase: config.excludeBase, ignoreFinding: config.ignoreFinding, fixesOf: (f) => noqaFixes(f, failOn) });
		for (const skipped of added.skipped) {
			process.stderr.write(`mcp-auth-hints: warning: ${skipped}\n`);
		}
		if (!quiet) {
			process.stderr.write(`mcp-auth-hints: added noqa for ${added.fixed} finding(s) in ${added.changed.length} file(s)\n`);
		}
	}
	if (command.kind === 'scan' && (command.fix || command.diff)) {
		const engine = await Engine.create();
		const fixed = fixFiles(engine, { paths, settings, cwd: process.cwd(), unsafe: command.fix === 'unsafe', diff: !!command.diff, fixReadOnly: !!command.fixReadOnly, excludeBase: config.excludeBase, ignoreFinding: config.ignoreFinding });
		for (const skipped of fixed.skipped) {
			process.stderr.write(`mcp-auth-hints: warning: ${skipped}\n`);
		}
		if (command.diff) {
			await write(fixed.diff);
			if (!quiet) {
				process.stderr.write(`mcp-auth-hints: ${fixed.changed.length} file(s) would be changed\n`);
			}
			return fixed.changed.length > 0 && !command.exitZero ? 1 : 0;
		}
		if (command.showFixes) {
			// Ruff's enumeration of what --fix did, before the findings that are left.
			await write(fixed.perFile.length > 0 ? `Fixed ${fixed.fixed} finding(s):\n${fixed.perFile.map((f) => `- ${f.file}: ${f.fixed}`).join('\n')}\n` : 'No fixes applied.\n');
		}
		if (!quiet) {
			process.stderr.write(`mcp-auth-hints: fixed ${fixed.fixed} finding(s) in ${fixed.changed.length} file(s)\n`);
		}
	}
	// Every analysis runs in a worker thread with a per-file time budget and a heap limit, so no
	// input can hang the run or take the process down with it; one worker per core (up to 4), each
	// started when the others are busy. Files whose result is in the cache start no worker at all.
	const pool = new WorkerPool({ log: () => undefined });
	const cache = command.noCache || cacheDisabledByEnv() ? undefined : new ResultCache(defaultCacheDir(), buildIdentity());
	const analyzer = new CachedSourceAnalyzer(pool, cache);
	let result;
	try {
		result = await scan(analyzer, { paths, settings, cwd: process.cwd(), excludeBase: config.excludeBase, ignoreFinding: config.ignoreFinding });
		if (analyzer.misses > 0 || !cache) {
			// A grammar that cannot load is an internal error (exit 2), not a list of files not analysed.
			await pool.start();
		}
	} finally {
		await pool.dispose();
	}
	const { report, problems, project, stopped } = result;
	for (const problem of [...problems, ...stopped]) {
		process.stderr.write(`mcp-auth-hints: warning: ${problem}\n`);
	}
	if (command.kind === 'report') {
		await write(renderReport(project, command.format, process.cwd()));
		return stopped.length > 0 ? EXIT_INCOMPLETE : 0;
	}
	const color = useColor(process.env, process.stdout.isTTY);
	if (command.statistics) {
		const stats = statistics(report);
		await write(command.format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : formatStatistics(stats));
	} else {
		await write(command.format === 'json' ? formatJson(report)
			: command.format === 'sarif' ? formatSarif(report, sarifOptions(process.cwd()))
				: command.format === 'github' ? formatGithub(report)
					: formatTextReport(report, { style: command.format, color, quiet, showFixes: command.showFixes }));
	}
	if (stopped.length > 0) {
		return EXIT_INCOMPLETE;
	}
	return command.exitZero ? 0 : exitCode(report, command.failOn ?? config.failOn ?? 'warning');
}

/** The tool build the cache entries belong to: the version and the analysis worker bundle's size and time. */
function buildIdentity(): string {
	let bundle = 'source';
	try {
		const stat = fs.statSync(bundledWorkerFile());
		bundle = `${stat.size}:${stat.mtimeMs}`;
	} catch {
		// Run from source (tests): the version alone.
	}
	return `${versionText()}\n${bundle}`;
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
