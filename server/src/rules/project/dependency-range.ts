import type { OtherRule } from '../rule';

// MCP301 dependency-range: the project's mcp requirement admits 2.x while V1-only APIs remain
// (Warning), or pins <2 with nothing V1-only left (Information). Decided over the whole project
// by server/src/project/project.ts (manifests and every file's findings), reported on the
// requirement's line of the manifest.

export const dependencyRange: OtherRule = {
	meta: {
		code: 'MCP301', name: 'dependency-range', scope: 'project', defaultSeverity: 'warning', tags: [], fix: 'none', v1Only: false,
		note: 'mcp-dependency-range',
		summary: 'The mcp requirement admits 2.x while V1-only APIs remain (Warning), or pins <2 with nothing V1-only left (Information).',
	},
};
