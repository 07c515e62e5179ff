import type { ProjectScan } from '../project/scanProject';
import { buildSurface, SurfaceReport } from './surface';

// Turns a scanned project into the report's input. `show` names a file (and notebook cell) for
// display, `link` makes the link target of a location.

export function surfaceOf(
	project: ProjectScan,
	show: (file: string, cell?: number) => string,
	link: (file: string, line: number, cell?: number) => string,
	title?: string,
): SurfaceReport {
	return buildSurface({
		title,
		files: project.scanned,
		findings: project.entries.map((e) => ({
			finding: e.finding,
			location: `${show(e.file, e.cell)}:${e.range.start.line + 1}`,
			link: link(e.file, e.range.start.line + 1, e.cell),
		})),
		constraints: project.facts.requirements.map((r) => ({
			file: show(r.file),
			section: r.section,
			requirement: r.text,
			specifier: r.specifier,
			admitsV2: r.admitsV2,
			unparsable: r.unparsable,
		})),
		resolved: project.facts.resolved.map((r) => ({ file: show(r.file), version: r.version, source: r.source })),
		resolvesV2: project.mcpResolvesV2,
		problems: project.facts.problems,
	});
}
