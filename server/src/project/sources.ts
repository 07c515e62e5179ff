import * as path from 'path';
import type { Finding, Range } from '../analysis/model';
import type { AnalyzeOptions, Engine } from '../engine';
import { DEFAULT_SETTINGS } from '../settings';
import { CellSource, joinCells, NotebookLocator } from '../workspace/notebookText';
import { mayMatter } from './gate';
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

export function analyzeSource(engine: Engine, file: string, text: string, options: AnalyzeOptions): SourceAnalysis {
	// A notebook is capped by its file size, before JSON.parse: its joined code can be far smaller
	// than the file, and a 20k-cell notebook must be skipped, not parsed and analysed for minutes.
	const cap = (options.settings ?? DEFAULT_SETTINGS).maxFileSize;
	const oversized = cap > 0 && file.endsWith('.ipynb') && Buffer.byteLength(text, 'utf8') > cap;
	if (!file.endsWith('.ipynb') || oversized) {
		// Over the cap, the engine's own check gives the one MCP199 "larger than maxFileSize" finding.
		if (!oversized && !mayMatter(text, { settings: options.settings, project: options.project })) {
			return { findings: [], ruleErrors: [] };
		}
		const result = engine.analyzeText(text, options);
		return { findings: result.findings.map((finding) => ({ finding, range: finding.range })), ruleErrors: result.ruleErrors };
	}
	const name = path.basename(file);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (err) {
		return { findings: [], ruleErrors: [], problem: `cannot parse ${name}: ${err instanceof Error ? err.message : String(err)}` };
	}
	const notebook = readNotebook(json);
	if (typeof notebook === 'string') {
		return { findings: [], ruleErrors: [], problem: `cannot read ${name} as a notebook: ${notebook}` };
	}
	if (!notebook.python) {
		return { findings: [], ruleErrors: [] };
	}
	const joined = joinCells(notebook.cells);
	if (!mayMatter(joined.text, { settings: options.settings, project: options.project })) {
		return { findings: [], ruleErrors: [] };
	}
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

/**
 * The code cells of parsed .ipynb JSON (uri = 1-based index among all cells), or a sentence saying
 * why it is not a notebook. Every field is checked: the file is workspace data, any JSON at all.
 */
export function readNotebook(json: unknown): { python: boolean; cells: CellSource[] } | string {
	if (!isRecord(json)) {
		return 'the file is not a JSON object';
	}
	if (!Array.isArray(json.cells)) {
		return 'it has no "cells" list';
	}
	const metadata = isRecord(json.metadata) ? json.metadata : {};
	const kernel = isRecord(metadata.kernelspec) ? metadata.kernelspec.language : undefined;
	const info = isRecord(metadata.language_info) ? metadata.language_info.name : undefined;
	// A language given in an unexpected shape says nothing: the notebook is taken as Python, like
	// one that names no language.
	const language = typeof kernel === 'string' ? kernel : typeof info === 'string' ? info : 'python';
	const cells: CellSource[] = [];
	json.cells.forEach((cell: unknown, i: number) => {
		if (!isRecord(cell) || cell.cell_type !== 'code') {
			return;
		}
		const source = Array.isArray(cell.source)
			? cell.source.filter((line): line is string => typeof line === 'string').join('')
			: typeof cell.source === 'string' ? cell.source : '';
		cells.push({ uri: String(i + 1), version: 0, text: source });
	});
	return { python: language.toLowerCase() === 'python', cells };
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
