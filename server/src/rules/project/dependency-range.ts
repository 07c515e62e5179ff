import { LineIndex } from '../../analysis/lineIndex';
import type { Finding, Span } from '../../analysis/model';
import { lineNoqaSuppressions } from '../../analysis/suppressions';
import type { Settings } from '../../settings';
import { fit } from '../messages';
import { Reporter } from '../reporter';
import type { OtherRule, RuleMeta } from '../rule';

// MCP301 dependency-range: the project's mcp requirement admits 2.x while V1-only APIs remain
// (Warning), or pins <2 with nothing V1-only left (Information: ready to move). Decided over the
// whole project (manifests plus every file's findings, gathered by server/src/project/), reported
// on the requirement in its manifest through the same reporter as every other rule, with the same
// `# noqa: MCP301` grammar as Python files.

export const dependencyRange: OtherRule = {
	meta: {
		code: 'MCP301', name: 'dependency-range', scope: 'project', defaultSeverity: 'warning', tags: [], fix: 'none', v1Only: false,
		note: 'mcp-dependency-range',
		summary: 'The mcp requirement admits 2.x while V1-only APIs remain (Warning), or pins <2 with nothing V1-only left (Information).',
	},
};

/** A requirement as the project pipeline read it (server/src/project/manifests.ts). */
export interface RequirementFact {
	file: string;
	text: string;
	span: Span;
	admitsV1: boolean;
	admitsV2: boolean;
	unparsable?: string;
}

/** How many findings mark V1-only code (rules whose metadata says `v1Only`), and where the first is. */
export interface V1Usage {
	v1Only: number;
	first?: string;
}

/** MCP301 findings per manifest file (absolute path -> findings with ranges in that manifest). */
export function dependencyRangeFindings(requirements: readonly RequirementFact[], texts: ReadonlyMap<string, string>, usageOf: (manifest: string) => V1Usage, settings: Settings): Map<string, Finding[]> {
	const meta: RuleMeta = dependencyRange.meta;
	// One reporter (and one line index) per manifest, not per requirement: 20k `mcp` lines stay linear.
	const reporters = new Map<string, Reporter>();
	for (const req of requirements) {
		if (req.unparsable) {
			continue;
		}
		const usage = usageOf(req.file);
		let severity: 'warning' | 'information';
		let message: string;
		let detail: string;
		if (req.admitsV2 && usage.v1Only > 0) {
			severity = 'warning';
			const n = `${usage.v1Only} ${usage.v1Only === 1 ? 'API' : 'APIs'} V2 broke ${usage.v1Only === 1 ? 'remains' : 'remain'}`;
			message = fit([`\`${req.text}\` admits 2.x but ${n} (first: ${usage.first}): pin \`mcp<2\``, `\`${req.text}\` admits 2.x but ${n}: pin \`mcp<2\``, `This requirement admits 2.x but ${n}: pin \`mcp<2\``]);
			detail = `The mcp requirement \`${req.text}\` admits 2.x, but the project still uses ${usage.v1Only} ${usage.v1Only === 1 ? 'API' : 'APIs'} that V2 removed or changed (first: ${usage.first}). Pin \`mcp<2\` until they are migrated, or migrate them first.`;
		} else if (!req.admitsV2 && req.admitsV1 && usage.v1Only === 0) {
			severity = 'information';
			message = fit([`\`${req.text}\` pins mcp below 2 and nothing V1-only remains: ready to move to 2.x`, 'This requirement pins mcp below 2 and nothing V1-only remains: ready to move to 2.x']);
			detail = `The mcp requirement \`${req.text}\` pins mcp below 2, and nothing V1-only remains in the project: it is ready to move to mcp 2.x.`;
		} else {
			continue;
		}
		let reporter = reporters.get(req.file);
		if (!reporter) {
			const text = texts.get(req.file) ?? '';
			const lines = new LineIndex(text);
			reporter = new Reporter({ lines, settings, suppressions: lineNoqaSuppressions(text, lines), mcpResolvesV2: false });
			reporters.set(req.file, reporter);
		}
		reporter.report(meta, { span: req.span, message, detail, severity, tags: [] });
	}
	const out = new Map<string, Finding[]>();
	for (const [file, reporter] of reporters) {
		const findings = reporter.result().map((f) => ({ ...f, fixes: [] }));
		if (findings.length > 0) {
			out.set(file, findings);
		}
	}
	return out;
}
