import * as path from 'path';
import type { Finding, Range } from '../analysis/model';
import type { Engine } from '../engine';
import type { Settings } from '../settings';
import { decodeSource } from '../workspace/decode';
import { LocalModuleFinder } from '../workspace/localModules';
import { errorText } from '../workspace/walk';
import { readRegularFile } from '../workspace/readFile';
import { dependencyFindings, ProjectFacts, readProjectFacts, resolvesV2, summarizeUsage } from './project';
import { analyzeSource, sourceKind } from './sources';

// A whole project from disk in one pass (the CLI's scan and report): manifests first (they decide
// whether MCP103 is an Error), then every source and notebook, then MCP301 on the manifests.

export interface ProjectFile {
	file: string;
	/** Where the project's own top-level modules are looked for, besides the file's directory. */
	root: string;
}

export interface ProjectEntry {
	/** Absolute path. */
	file: string;
	/** 1-based cell index for a notebook finding (all cells counted). */
	cell?: number;
	finding: Finding;
	range: Range;
}

export interface ProjectScan {
	/** Files read (sources, notebooks and manifests). */
	scanned: number;
	entries: ProjectEntry[];
	facts: ProjectFacts;
	mcpResolvesV2: boolean;
	problems: string[];
}

export function scanProject(
	engine: Engine,
	files: readonly ProjectFile[],
	roots: readonly string[],
	settings: Settings,
	display: (file: string, cell?: number) => string,
): ProjectScan {
	const manifests = files.filter((f) => sourceKind(path.basename(f.file)) === 'manifest').map((f) => f.file);
	const facts = readProjectFacts(manifests, roots);
	const problems = [...facts.problems];
	const mcpResolvesV2 = resolvesV2(facts);
	const localModules = new LocalModuleFinder();
	const entries: ProjectEntry[] = [];
	let scanned = manifests.length;
	for (const { file, root } of files) {
		if (sourceKind(path.basename(file)) === 'manifest') {
			continue;
		}
		let text: string;
		try {
			text = decodeSource(readRegularFile(file));
		} catch (err) {
			problems.push(`cannot read ${display(file)}: ${errorText(err)}`);
			continue;
		}
		scanned++;
		if (!settings.enable) {
			continue;
		}
		try {
			const result = analyzeSource(engine, file, text, { settings, localModules: localModules.forFile(file, root), mcpResolvesV2 });
			if (result.problem) {
				problems.push(result.problem);
			}
			for (const located of result.findings) {
				entries.push({ file, cell: located.cell, finding: located.finding, range: located.range });
			}
		} catch (err) {
			problems.push(`cannot analyse ${display(file)}: ${err instanceof Error ? err.message : String(err)}`);
		}
	}
	if (settings.enable) {
		const ordered = entries.map((e) => ({ finding: e.finding, where: `${display(e.file, e.cell)}:${e.range.start.line + 1}`, e }))
			.sort((a, b) => compare(display(a.e.file, a.e.cell), display(b.e.file, b.e.cell)) || a.e.range.start.line - b.e.range.start.line
				|| a.e.range.start.character - b.e.range.start.character);
		for (const [file, findings] of dependencyFindings(facts, summarizeUsage(ordered), settings)) {
			for (const finding of findings) {
				entries.push({ file, finding, range: finding.range });
			}
		}
	}
	return { scanned, entries, facts, mcpResolvesV2, problems };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
