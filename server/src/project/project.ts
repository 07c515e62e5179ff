import * as fs from 'fs';
import * as path from 'path';
import { LineIndex } from '../analysis/lineIndex';
import type { Finding } from '../analysis/model';
import { effectiveSeverity, Settings } from '../settings';
import { ruleMeta } from '../rules';
import { decodeSource } from '../workspace/decode';
import { installedVersion, isV2, McpRequirement, parseManifest, ResolvedVersion } from './manifests';

// What a project declares and resolves for mcp, and MCP301 dependency-range on top of it. Pure
// apart from reading the manifests it is given (and their -r includes); shared by the CLI, the
// report and the language server's workspace scan.

export interface ProjectFacts {
	requirements: McpRequirement[];
	resolved: ResolvedVersion[];
	/** Manifest texts by absolute path (for ranges of MCP301 findings). */
	texts: Map<string, string>;
	problems: string[];
}

/** Parses the given manifests (following requirements includes) and looks for a venv under each root. */
export function readProjectFacts(manifests: readonly string[], roots: readonly string[], read: (file: string) => string = readText): ProjectFacts {
	const facts: ProjectFacts = { requirements: [], resolved: [], texts: new Map(), problems: [] };
	const pending = [...manifests];
	const seen = new Set<string>();
	while (pending.length > 0) {
		const file = path.resolve(pending.shift()!);
		if (seen.has(file)) {
			continue;
		}
		seen.add(file);
		let text: string;
		try {
			text = read(file);
		} catch (err) {
			facts.problems.push(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
			continue;
		}
		facts.texts.set(file, text);
		const parsed = parseManifest(file, text);
		if (parsed.problem) {
			facts.problems.push(parsed.problem);
		}
		facts.requirements.push(...parsed.requirements);
		if (parsed.resolved) {
			facts.resolved.push(parsed.resolved);
		}
		pending.push(...parsed.includes);
	}
	for (const root of roots) {
		const installed = installedVersion(root);
		if (installed) {
			facts.resolved.push(installed);
		}
	}
	return facts;
}

function readText(file: string): string {
	return decodeSource(fs.readFileSync(file));
}

/** Whether the project resolves mcp >= 2: a lock file or an installed dist-info says so. */
export function resolvesV2(facts: ProjectFacts): boolean {
	return facts.resolved.some((r) => isV2(r.version));
}

/** Rules whose findings mean "this code needs changes before mcp 2.x". */
export const V1_ONLY_CODES: ReadonlySet<string> = new Set(['MCP102', 'MCP103', 'MCP104', 'MCP105', 'MCP202', 'MCP203', 'MCP204', 'MCP205']);

export interface UsageSummary {
	/** How many findings of V1_ONLY_CODES the project has. */
	v1Only: number;
	/** Where the first one is ("src/app.py:3"), in the caller's display form. */
	first?: string;
}

/** `findings` in display order (sorted by file, then position): the first V1-only one is named. */
export function summarizeUsage(findings: Iterable<{ finding: Finding; where: string }>): UsageSummary {
	let v1Only = 0;
	let first: string | undefined;
	for (const { finding, where } of findings) {
		if (V1_ONLY_CODES.has(finding.code)) {
			v1Only++;
			if (first === undefined) {
				first = where;
			}
		}
	}
	return { v1Only, first };
}

/** MCP301 findings per manifest file (absolute path → findings with ranges in that manifest). */
export function dependencyFindings(facts: ProjectFacts, usage: UsageSummary, settings: Settings): Map<string, Finding[]> {
	const out = new Map<string, Finding[]>();
	const meta = ruleMeta('MCP301');
	for (const req of facts.requirements) {
		if (req.unparsable) {
			continue;
		}
		let base: 'warning' | 'information';
		let message: string;
		if (req.admitsV2 && usage.v1Only > 0) {
			base = 'warning';
			message = `The mcp requirement \`${req.text}\` admits 2.x, but the project still uses ${usage.v1Only} ${usage.v1Only === 1 ? 'API' : 'APIs'} that V2 removed or changed (first: ${usage.first}). Pin \`mcp<2\` until they are migrated, or migrate them first.`;
		} else if (!req.admitsV2 && req.admitsV1 && usage.v1Only === 0) {
			base = 'information';
			message = `The mcp requirement \`${req.text}\` pins mcp below 2, and nothing V1-only remains in the project: it is ready to move to mcp 2.x.`;
		} else {
			continue;
		}
		const severity = effectiveSeverity(meta.code, meta.name, base, settings.rules.customizations);
		if (severity === null) {
			continue;
		}
		const text = facts.texts.get(req.file) ?? '';
		const lines = new LineIndex(text);
		const range = lines.rangeOf(req.span);
		const lineText = text.split(/\r\n|\r|\n/)[range.start.line] ?? '';
		if (new RegExp(`#\\s*noqa(?::[^#]*\\b${meta.code}\\b|\\s*$)`, 'i').test(lineText)) {
			continue;
		}
		const finding: Finding = {
			code: meta.code,
			rule: meta.name,
			severity,
			span: req.span,
			range,
			message,
			noteId: meta.note,
			href: 'https://py.sdk.modelcontextprotocol.io/migration/',
			tags: [],
			fixes: [],
		};
		const list = out.get(req.file) ?? [];
		list.push(finding);
		out.set(req.file, list);
	}
	return out;
}
