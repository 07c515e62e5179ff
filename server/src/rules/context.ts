import type { Node } from 'web-tree-sitter';
import type { Binder } from '../analysis/binder';
import type { ImportStatementInfo } from '../analysis/imports';
import type { Evaluator, FragmentParser } from '../analysis/values';
import type { Knowledge } from '../knowledge';
import type { Reporter } from './reporter';

/** What every rule gets: the tree, the binder and evaluator over it, the knowledge, and a reporter. */
export interface RuleContext {
	root: Node;
	text: string;
	binder: Binder;
	evaluator: Evaluator;
	knowledge: Knowledge;
	reporter: Reporter;
	imports: ImportStatementInfo[];
	fragments: FragmentParser;
	localModules: ReadonlySet<string>;
	/** The project resolves mcp >= 2: fixes that are only right on V2 become safe. */
	mcpResolvesV2?: boolean;
}

export interface Rule {
	/** Codes this rule can report (for error attribution). */
	name: string;
	run(ctx: RuleContext): void;
}
