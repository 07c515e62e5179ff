import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../analysis/model';
import type { Settings } from '../settings';
import { RULE_METAS } from '../rules';
import { dependencyRangeFindings } from '../rules/project/dependency-range';
import { decodeSource } from '../workspace/decode';
import { readRegularFile } from '../workspace/readFile';
import { errorText, isWithin } from '../workspace/walk';
import { eq } from '@renovatebot/pep440';
import { parse as parseSpecifier } from '@renovatebot/pep440/lib/specifier.js';
import { bundledKnowledge } from '../knowledge';
import { installedVersion, isV2, McpRequirement, parseManifest, ResolvedVersion } from './manifests';

// What a project declares and resolves for mcp, and the usage the dependency-range rule decides on. Pure
// apart from reading the manifests it is given (and their -r includes); shared by the CLI, the
// report and the language server's workspace scan.

export interface ProjectFacts {
	requirements: McpRequirement[];
	resolved: ResolvedVersion[];
	/** Manifest texts by absolute path (for ranges of MCP301 findings). */
	texts: Map<string, string>;
	problems: string[];
}

/** Manifests and lock files above this size are not read: a real uv.lock is a few MB at most. */
export const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Parses the given manifests (following requirements includes) and looks for a venv under each root.
 * An include is followed only to a regular file inside a root or the folder of a given manifest
 * (real paths, so a symlink cannot lead out): a workspace is untrusted, and `-r /dev/zero` or
 * `-r some-fifo` must neither exhaust memory nor block.
 */
export function readProjectFacts(manifests: readonly string[], roots: readonly string[], read: (file: string) => string = readText): ProjectFacts {
	const facts: ProjectFacts = { requirements: [], resolved: [], texts: new Map(), problems: [] };
	const allowed = [...new Set([...roots, ...manifests.map((m) => path.dirname(path.resolve(m)))].map((d) => realOrResolved(d)))];
	const pending: { file: string; includedBy?: string }[] = manifests.map((file) => ({ file }));
	const seen = new Set<string>();
	for (let next = pending.shift(); next; next = pending.shift()) {
		const file = path.resolve(next.file);
		// By real path: `-r link/self.txt` through a link to its own folder is one file, not a chain.
		const real = realOrResolved(file);
		if (seen.has(real)) {
			continue;
		}
		seen.add(real);
		if (next.includedBy && !isInside(allowed, real)) {
			facts.problems.push(`${next.includedBy}: not following -r ${file}: it is outside the scanned folders`);
			continue;
		}
		let text: string;
		try {
			text = read(file);
		} catch (err) {
			facts.problems.push(`cannot read ${file}: ${errorText(err)}`);
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
		pending.push(...parsed.includes.map((include) => ({ file: include, includedBy: file })));
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
	return decodeSource(readRegularFile(file, MANIFEST_MAX_BYTES));
}

function realOrResolved(p: string): string {
	try {
		return fs.realpathSync(p);
	} catch {
		return path.resolve(p);
	}
}

/** Whether `file` (a real path) is inside one of `dirs` (real paths). */
function isInside(dirs: readonly string[], file: string): boolean {
	return dirs.some((dir) => dir !== file && isWithin(dir, file));
}

/**
 * Whether the project runs mcp >= 2: a lock file or an installed dist-info says so, or, with
 * neither, every mcp requirement admits only 2.x.
 */
export function resolvesV2(facts: ProjectFacts): boolean {
	if (facts.resolved.length > 0) {
		return facts.resolved.some((r) => isV2(r.version));
	}
	// Nothing locked or installed: the requirement decides when it admits 2.x only (`mcp>=2`).
	const ranges = facts.requirements.filter((r) => !r.unparsable);
	return ranges.length > 0 && ranges.every((r) => r.admitsV2 && !r.admitsV1);
}

/**
 * The one mcp release the project runs, when the facts name it: every lock file / installed copy
 * agrees, or (with none) every exact pin (`mcp==1.28.0`) does. Spelled as the SDK facts table
 * spells it when the table read that release ("1.28" -> "1.28.0"); undefined when unknown.
 */
export function resolvedMcpVersion(facts: ProjectFacts): string | undefined {
	const pins = facts.resolved.length > 0
		? facts.resolved.map((r) => r.version)
		: facts.requirements.filter((r) => !r.unparsable).flatMap((r) => exactPins(r.specifier));
	const first = pins[0];
	if (first === undefined || !pins.every((v) => sameVersion(v, first))) {
		return undefined;
	}
	return bundledKnowledge().graph?.releases.find((r) => sameVersion(r, first)) ?? first;
}

function exactPins(specifier: string): string[] {
	try {
		return parseSpecifier(specifier).filter((c) => (c.operator === '==' || c.operator === '===') && !c.prefix).map((c) => c.version);
	} catch {
		return [];
	}
}

function sameVersion(a: string, b: string): boolean {
	try {
		return eq(a, b);
	} catch {
		return a === b;
	}
}

/** Rules whose findings mean "this code needs changes before mcp 2.x". */
/** Codes whose findings mark code that only works on mcp 1.x (each rule's metadata says so). */
export const V1_ONLY_CODES: ReadonlySet<string> = new Set(RULE_METAS.filter((m) => m.v1Only).map((m) => m.code));

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
		// A Hint is a use V2 leaves working (the import carries the break): nothing to migrate there.
		if (V1_ONLY_CODES.has(finding.code) && finding.severity !== 'hint') {
			v1Only++;
			if (first === undefined) {
				first = where;
			}
		}
	}
	return { v1Only, first };
}

/** MCP301 findings per manifest file (absolute path -> findings with ranges in that manifest). */
export function dependencyFindings(facts: ProjectFacts, usageOf: (manifest: string) => UsageSummary, settings: Settings): Map<string, Finding[]> {
	return dependencyRangeFindings(facts.requirements, facts.texts, usageOf, settings);
}
