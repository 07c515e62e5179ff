import { type ProjectView, viewReachesSdk } from '../analysis/values';
import type { Settings } from '../settings';
import { DEFAULT_SETTINGS } from '../settings';

// The scan gate: decides, from the text alone and without parsing, whether a file of a project can
// produce any finding. A finding needs a name bound from a tracked package (mcp, mcp_types, agents,
// anthropic, pydantic for the resource URI type: every root the knowledge has an entry or a tracked module under; test/unit/gate.test.ts
// checks that list against server/knowledge), and Python binds one only through an import statement
// or an importlib.import_module / __import__ call. So a file whose import statements name none of
// those packages and that calls neither is never parsed. The gate over-approximates on purpose: it
// looks for the package name anywhere in a logical line that starts an import, so a false "may
// matter" costs a parse and a false "cannot matter" is impossible by construction (the unit test
// runs every fixture and example both ways).
//
// NOT a parser and NOT the prefilter of open documents (analysis/prefilter.ts): editors always
// analyse what is open. The project index (issue 13) plugs in through `GateOptions.projectModules`:
// the top-level names of the project's own modules that import a tracked package, so a file that
// imports one of them passes too.

/** Top-level packages the knowledge tracks; test/unit/gate.test.ts fails when the knowledge adds one. */
export const TRACKED_ROOTS: readonly string[] = ['mcp', 'mcp_types', 'agents', 'anthropic', 'pydantic'];

export interface GateOptions {
	settings?: Settings;
	/**
	 * Hook for the project index: top-level names of project modules that use a tracked package
	 * (directly or through other project modules). A file importing one of them may matter.
	 */
	projectModules?: ReadonlySet<string>;
	/** The slice of the project index the file's imports reach: one that reaches the SDK matters. */
	project?: ProjectView;
}

/**
 * Whether the file may produce a finding and must be analysed. Files the engine itself would skip
 * with its one MCP199 (over maxFileSize, or binary) always pass, so the engine still reports them.
 */
export function mayMatter(text: string, options: GateOptions = {}): boolean {
	const settings = options.settings ?? DEFAULT_SETTINGS;
	const cap = settings.maxFileSize;
	if (text.indexOf('\u0000') !== -1 || (cap > 0 && text.length * 3 > cap && (text.length > cap || Buffer.byteLength(text, 'utf8') > cap))) {
		// Binary or over the size cap: the engine reports its MCP199.
		return true;
	}
	if (viewReachesSdk(options.project)) {
		// A subclass, re-export or typed accessor of the SDK from another project module.
		return true;
	}
	const extra = options.projectModules;
	if (!text.includes('mcp') && (!extra || extra.size === 0)) {
		// Every tracked API lives under a path that contains "mcp" (analysis/prefilter.ts).
		return false;
	}
	if (settings.resources.reportUnresolvedReceivers || DYNAMIC_IMPORT.test(text)) {
		// That setting reports resources calls on receivers of unknown type, imports or not.
		return true;
	}
	const roots = extra && extra.size > 0 ? rootsPattern([...TRACKED_ROOTS, ...extra]) : DEFAULT_ROOTS;
	IMPORT_LINE.lastIndex = 0;
	for (let m = IMPORT_LINE.exec(text); m; m = IMPORT_LINE.exec(text)) {
		if (roots.test(m[0])) {
			return true;
		}
	}
	return false;
}

/** importlib.import_module(...) or __import__(...), however spelled around them: the engine follows literal arguments. */
const DYNAMIC_IMPORT = /\bimport_module\b|\b__import__\b/;

/**
 * From an `import` or `from` keyword to the end of its logical line: backslash continuations and
 * parenthesised name lists are followed (a `from x import (` list can span lines; the module name
 * is on the first line anyway). `;` and leading code are allowed before the keyword, so
 * `x = 1; import mcp` and `if TYPE_CHECKING: import mcp` both count.
 */
const IMPORT_LINE = /\b(?:import|from)\b(?:[^\n\\(]|\\\r?\n|\\|\([^)]*\)?)*/g;

function rootsPattern(roots: readonly string[]): RegExp {
	const names = [...new Set(roots)].filter((r) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(r));
	// A root as a whole dotted-path segment at the start of a module path: `mcp`, `mcp.server`,
	// `agents.mcp`; `from . import mcp` passes too (a false "may matter" only costs a parse).
	return new RegExp(`(?<![A-Za-z0-9_])(?:${names.join('|')})(?![A-Za-z0-9_])`);
}

const DEFAULT_ROOTS = rootsPattern(TRACKED_ROOTS);
