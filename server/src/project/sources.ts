import * as path from 'path';
import type { Finding, Range } from '../analysis/model';
import type { AnalyzeOptions, Engine } from '../engine';
import { joinCells, NotebookLocator } from '../workspace/notebookText';
import { manifestKind } from './manifests';

// One file of a project on disk, analysed the same way by the CLI, the report and the language
// server's workspace scan: a .py file through Engine.analyzeText (which prefilters and frees its
// tree), a .ipynb notebook as its code cells joined like an open notebook (server/src/lsp/
// notebookText.ts) with every finding mapped back to its cell.

export type SourceKind = 'python' | 'notebook' | 'manifest';

export function sourceKind(fileName: string): SourceKind | undefined {
	if (fileName.endsWith('.py')) {
		return 'python';
	}
	if (fileName.endsWith('.ipynb')) {
		return 'notebook';
	}
	return manifestKind(fileName) ? 'manifest' : undefined;
}

/** Whether the project walk collects the file (sources, notebooks, manifests and lock files). */
export function isProjectFile(fileName: string): boolean {
	return sourceKind(fileName) !== undefined;
}

export interface LocatedFinding {
	finding: Finding;
	/** Range in the file, or in the cell for a notebook. */
	range: Range;
	/** 1-based index of the notebook cell, counting every cell (markdown and raw too), as the .ipynb lists them. */
	cell?: number;
}

export interface SourceAnalysis {
	findings: LocatedFinding[];
	ruleErrors: { rule: string; error: string }[];
	/** A notebook that is not valid JSON; nothing else is reported for it. */
	problem?: string;
}

interface NotebookJson {
	cells?: { cell_type?: string; source?: string | string[] }[];
	metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } };
}

export function analyzeSource(engine: Engine, file: string, text: string, options: AnalyzeOptions): SourceAnalysis {
	if (!file.endsWith('.ipynb')) {
		const result = engine.analyzeText(text, options);
		return { findings: result.findings.map((finding) => ({ finding, range: finding.range })), ruleErrors: result.ruleErrors };
	}
	let notebook: NotebookJson;
	try {
		notebook = JSON.parse(text) as NotebookJson;
	} catch (err) {
		return { findings: [], ruleErrors: [], problem: `cannot parse ${path.basename(file)}: ${err instanceof Error ? err.message : String(err)}` };
	}
	const language = notebook.metadata?.kernelspec?.language ?? notebook.metadata?.language_info?.name ?? 'python';
	if (language.toLowerCase() !== 'python' || !Array.isArray(notebook.cells)) {
		return { findings: [], ruleErrors: [] };
	}
	const cells = notebook.cells.flatMap((cell, i) => {
		if (cell?.cell_type !== 'code') {
			return [];
		}
		const source = Array.isArray(cell.source) ? cell.source.join('') : typeof cell.source === 'string' ? cell.source : '';
		return [{ uri: String(i + 1), version: 0, text: source }];
	});
	const joined = joinCells(cells);
	const result = engine.analyzeText(joined.text, options);
	const locator = new NotebookLocator(joined);
	const findings: LocatedFinding[] = [];
	for (const finding of result.findings) {
		const where = locator.locate(finding.span);
		if (where) {
			findings.push({ finding, range: where.range, cell: Number(where.uri) });
		}
	}
	return { findings, ruleErrors: result.ruleErrors };
}
