import type { Language, Node, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import { bundledKnowledge } from '../knowledge';
import { checkImports } from '../rules/authImports';
import { checkMembers } from '../rules/authMembers';
import { checkUses } from '../rules/authUses';
import { checkHttpWithoutAuth } from '../rules/httpWithoutAuth';
import { checkResources } from '../rules/resources';
import type { RuleContext } from '../rules/context';
import { Reporter } from '../rules/reporter';
import type { Settings } from '../settings';
import { Binder } from './binder';
import { describeImport } from './imports';
import type { LineIndex } from './lineIndex';
import type { Finding } from './model';
import { createParser } from './parser';
import { readSuppressions } from './suppressions';
import { Evaluator, FragmentParser } from './values';

export interface AnalyzeContext {
	language: Language;
	text: string;
	lines: LineIndex;
	settings: Settings;
	localModules: ReadonlySet<string>;
	mcpResolvesV2: boolean;
}

/** Rules run in this order; each is isolated so one failing rule never hides the others' findings. */
const RULES: { name: string; run: (ctx: RuleContext, analyze: AnalyzeContext) => void }[] = [
	{ name: 'auth-imports', run: checkImports },
	{ name: 'auth-uses', run: checkUses },
	{ name: 'auth-members', run: checkMembers },
	{ name: 'resources', run: (rc, ac) => checkResources(rc, ac.settings.resources) },
	{ name: 'http-without-auth', run: checkHttpWithoutAuth },
];

/**
 * Test-only: the live rule list, so a test can make one rule throw and check that the others'
 * findings survive (test/unit/ruleIsolation.test.ts, test/lsp/ruleIsolation.test.ts). Nothing in
 * the extension, server or CLI touches it.
 */
export const __rulesForTest = RULES;

const importQueries = new WeakMap<Language, Query>();

function importQuery(language: Language): Query {
	let q = importQueries.get(language);
	if (!q) {
		q = new Query(language, '[(import_statement) (import_from_statement)] @import');
		importQueries.set(language, q);
	}
	return q;
}

export function analyzeTree(tree: Tree, ctx: AnalyzeContext): { findings: Finding[]; ruleErrors: { rule: string; error: string }[] } {
	const root = tree.rootNode;
	const knowledge = bundledKnowledge();
	const imports = importQuery(ctx.language).captures(root).map((c) => describeImport(c.node));
	const fragments = fragmentParser(ctx.language);
	const binder = new Binder(root, ctx.text);
	const evaluator = new Evaluator(binder, knowledge, ctx.localModules, fragments);
	const reporter = new Reporter(ctx.lines, ctx.settings, readSuppressions(ctx.language, tree, ctx.text, ctx.lines), ctx.mcpResolvesV2);
	const ruleCtx: RuleContext = { root, text: ctx.text, binder, evaluator, knowledge, reporter, imports, fragments, localModules: ctx.localModules, mcpResolvesV2: ctx.mcpResolvesV2 };
	const ruleErrors: { rule: string; error: string }[] = [];
	for (const rule of RULES) {
		try {
			rule.run(ruleCtx, ctx);
		} catch (err) {
			ruleErrors.push({ rule: rule.name, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
		}
	}
	return { findings: reporter.result(), ruleErrors };
}

/** String annotations are parsed on their own; one small parser per grammar serves them all. */
const fragmentParsers = new WeakMap<Language, FragmentParser>();

function fragmentParser(language: Language): FragmentParser {
	let fp = fragmentParsers.get(language);
	if (!fp) {
		const parser = createParser(language);
		fp = {
			withFragment<T>(text: string, fn: (root: Node) => T): T | undefined {
				const tree = parser.parse(text);
				if (!tree) {
					return undefined;
				}
				try {
					return fn(tree.rootNode);
				} finally {
					tree.delete();
				}
			},
		};
		fragmentParsers.set(language, fp);
	}
	return fp;
}
