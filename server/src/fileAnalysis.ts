import type { Language, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import { Binder } from './analysis/binder';
import { describeImport } from './analysis/imports';
import type { LineIndex } from './analysis/lineIndex';
import type { Finding } from './analysis/model';
import { createParser } from './analysis/parser';
import { readSuppressions } from './analysis/suppressions';
import { Evaluator, FragmentParser, fragmentParserOver, projectTypesOf, type ProjectView } from './analysis/values';
import { AnalysisMemo, type FileContext } from './facts/context';
import { FileFacts } from './facts/fileFacts';
import { bundledKnowledge } from './knowledge';
import { knowledgeOracle } from './knowledge/oracle';
import { importsV2OnlyModule } from './rules/fileTarget';
import { Reporter } from './rules/reporter';
import { FILE_RULES, type FileRule } from './rules';
import { targetsV2, type Settings } from './settings';

// One parsed file through the rules: builds the file's context (binder, evaluator, lazily
// collected facts), runs every registered file rule in isolation (one throwing rule costs only its
// own findings) and returns the reporter's findings. The engine (engine.ts) owns parsing, the size
// gate and incremental documents; this module owns nothing that outlives one analysis.

export interface FileAnalysisInput {
	language: Language;
	text: string;
	lines: LineIndex;
	settings: Settings;
	localModules: ReadonlySet<string>;
	mcpResolvesV2: boolean;
	project?: ProjectView;
	mcpVersion?: string;
}

/** A rule as the runner sees it; tests swap `run` to make one rule throw. */
interface RunnableRule {
	name: string;
	run: FileRule['check'];
	rule: FileRule;
}

const RUNNABLE: RunnableRule[] = FILE_RULES.map((rule) => ({ name: rule.meta.name, run: rule.check, rule }));

/**
 * Test-only: the live rule list, so a test can make one rule throw and check that the others'
 * findings survive (test/unit/ruleIsolation.test.ts, test/lsp/ruleIsolation.test.ts). Nothing in
 * the extension, server or CLI touches it.
 */
export const __rulesForTest = RUNNABLE;

export function analyzeFile(tree: Tree, input: FileAnalysisInput): { findings: Finding[]; ruleErrors: { rule: string; error: string }[] } {
	const root = tree.rootNode;
	const knowledge = bundledKnowledge();
	const fragments = fragmentParser(input.language);
	const binder = new Binder(root, input.text);
	const imports = importQuery(input.language).captures(root).map((c) => describeImport(c.node));
	// The project's target: the setting wins over what the manifests resolve; in `auto`, a file
	// that imports a module only mcp 2 has runs on V2 too.
	const projectV2 = targetsV2(input.settings, input.mcpResolvesV2);
	const v2 = projectV2 || (input.settings.target === 'auto' && importsV2OnlyModule(imports, knowledge));
	const ctx: FileContext = {
		root,
		text: input.text,
		binder,
		evaluator: new Evaluator(binder, knowledgeOracle(knowledge), input.localModules, fragments, input.project && projectTypesOf(input.project)),
		knowledge,
		imports,
		fragments,
		localModules: input.localModules,
		mcpResolvesV2: v2,
		mcpVersion: input.mcpVersion,
		settings: input.settings,
		facts: new FileFacts(() => ctx),
		memo: new AnalysisMemo(),
	};
	const reporter = new Reporter({
		lines: input.lines,
		settings: input.settings,
		suppressions: readSuppressions(input.language, tree, input.text, input.lines),
		mcpResolvesV2: v2,
		breaksAreErrors: projectV2,
	});
	const ruleErrors: { rule: string; error: string }[] = [];
	for (const r of RUNNABLE) {
		try {
			r.run(ctx, (report) => reporter.report(r.rule.meta, report));
		} catch (err) {
			ruleErrors.push({ rule: r.name, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
		}
	}
	return { findings: reporter.result(), ruleErrors };
}

const importQueries = new WeakMap<Language, Query>();

/** Compiled once per grammar: every import statement of a file. */
function importQuery(language: Language): Query {
	let q = importQueries.get(language);
	if (!q) {
		q = new Query(language, '[(import_statement) (import_from_statement)] @import');
		importQueries.set(language, q);
	}
	return q;
}

/** String annotations are parsed on their own; one small parser per grammar serves them all. */
const fragmentParsers = new WeakMap<Language, FragmentParser>();

function fragmentParser(language: Language): FragmentParser {
	let fp = fragmentParsers.get(language);
	if (!fp) {
		fp = fragmentParserOver(createParser(language));
		fragmentParsers.set(language, fp);
	}
	return fp;
}
