import type { Node } from 'web-tree-sitter';
import type { Binder } from '../analysis/binder';
import type { ImportStatementInfo } from '../analysis/imports';
import type { Evaluator, FragmentParser } from '../analysis/values';
import type { Knowledge } from '../knowledge';
import type { Settings } from '../settings';
import type { FileFacts } from './fileFacts';

// What one file's analysis knows before any rule runs: its tree, the binder and evaluator over
// it, the knowledge, the project facts that reach a file, and the file's facts (computed lazily,
// once, on first use by any rule). Fix builders (server/src/fixes) take the same context.
// Not a rule API: rules get this plus a report function (server/src/rules/rule.ts).

export interface FileContext {
	root: Node;
	text: string;
	binder: Binder;
	evaluator: Evaluator;
	knowledge: Knowledge;
	imports: ImportStatementInfo[];
	fragments: FragmentParser;
	/** Top-level module names that are the project's own code (a local `mcp.py`), never the SDK. */
	localModules: ReadonlySet<string>;
	/** The project resolves mcp >= 2: fixes that are only right on V2 become safe. */
	mcpResolvesV2?: boolean;
	/** The mcp release the project resolves (a lock file, an installed copy or an exact pin), when one is known. */
	mcpVersion?: string;
	settings: Settings;
	facts: FileFacts;
	/** Per-analysis results of fix builders and rules (keyed by a string each owner prefixes). */
	memo: AnalysisMemo;
}

/**
 * A cache that lives exactly as long as one file's analysis: what a fix builder computes once per
 * file (the import insertion point, the server's run() calls) or once per node. Never module state.
 */
export class AnalysisMemo {
	private readonly values = new Map<string, unknown>();

	get<T>(key: string, compute: () => T): T {
		if (this.values.has(key)) {
			return this.values.get(key) as T;
		}
		const value = compute();
		this.values.set(key, value);
		return value;
	}
}

/** True when a FQN starts at one of the project's own top-level modules. */
export function isLocalName(ctx: Pick<FileContext, 'localModules'>, fqn: string): boolean {
	return ctx.localModules.has(fqn.split('.')[0]);
}
