import * as path from 'path';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import { Binder } from '../../analysis/binder';
import { describeImport } from '../../analysis/imports';
import { createParser, loadPython } from '../../analysis/parser';
import { Evaluator, fragmentParserOver, resolveRelative, type FragmentParser, type ProjectSymbol, type ProjectTypes, type ProjectView, type TypeValue } from '../../analysis/values';
import { bundledKnowledge } from '../../knowledge';
import { knowledgeOracle } from '../../knowledge/oracle';
import { LocalModuleFinder } from '../../workspace/localModules';
import { moduleNameOf } from './moduleNames';
import { summarize, type ClassEntry, type ModuleEntry, type ModuleSummary } from './summary';

// The project index (issue 13): the project's modules by name, and for each module that is asked
// about, what its top-level names stand for (summary.ts). Built lazily: a module is parsed and
// summarised only when a file's imports reach it, and only if its text mentions the SDK or imports
// a project module. The CLI and the language server share it through the project pipeline
// (scanProject.ts: `viewFor` gives each analysed file the plain-data slice of the index its imports
// reach). In the server, `update` drops one file's entries and says which modules depended on it.
// NOT a type checker: it records only what the rules use (SDK bases, returns, attributes).


/** How the index reads a file (the pipeline's file system, so tests and the server can substitute). */
export type ReadText = (file: string) => string | undefined;

/** Top-level names of the SDK and the libraries the knowledge covers: a module mentioning none is not bound. */
const SDK_MENTION = /\b(?:mcp|agents|anthropic)\b/;
const MAX_SUMMARY_BYTES = 1_000_000;

export class ProjectIndex {
	private readonly files = new Map<string, { file: string; isPackage: boolean }>();
	private readonly modulesOfFile = new Map<string, string>();
	private readonly summaries = new Map<string, ModuleSummary | null>();
	private readonly inProgress = new Set<string>();
	private readonly lookups = new Map<string, ProjectSymbol | undefined>();
	/** Project modules each viewed file's imports reached (a view is a dependant like a summary). */
	private readonly viewDeps = new Map<string, Set<string>>();
	/** Stats for the benchmark: modules parsed and summarised. */
	readonly stats = { modules: 0, summarised: 0, summaryMs: 0 };

	private constructor(private readonly language: Language, private readonly parser: Parser, private readonly readText: ReadText, private readonly finder: LocalModuleFinder) {}

	static async create(readText: ReadText, finder = new LocalModuleFinder(), wasmDir?: string): Promise<ProjectIndex> {
		return ProjectIndex.withLanguage(await loadPython(wasmDir), readText, finder);
	}

	static withLanguage(language: Language, readText: ReadText, finder = new LocalModuleFinder()): ProjectIndex {
		return new ProjectIndex(language, createParser(language), readText, finder);
	}

	/** Whether `file` is one of the indexed modules. */
	has(file: string): boolean {
		return this.modulesOfFile.has(path.resolve(file));
	}

	/** Registers the project's .py files (module names from their import roots). */
	addFiles(files: readonly string[]): void {
		for (const file of files) {
			if (!file.endsWith('.py')) {
				continue;
			}
			const module = moduleNameOf(file, this.finder.importRoot(file));
			if (module && !this.files.has(module)) {
				this.files.set(module, { file, isPackage: path.basename(file) === '__init__.py' });
				this.modulesOfFile.set(path.resolve(file), module);
				this.stats.modules++;
				this.tops = undefined;
			}
		}
	}

	/**
	 * A file changed (or was created or deleted): forgets its summary and every summary that
	 * imported it, directly or not. Returns the files of the modules that depended on it, so the
	 * server can re-check them.
	 */
	update(file: string, exists = true): string[] {
		const abs = path.resolve(file);
		if (exists && !this.modulesOfFile.has(abs)) {
			this.addFiles([abs]);
		}
		const module = this.modulesOfFile.get(abs);
		if (!module) {
			return [];
		}
		const dependants = this.dependantsOf(module);
		for (const m of [module, ...dependants]) {
			this.summaries.delete(m);
		}
		this.lookups.clear();
		if (!exists) {
			this.files.delete(module);
			this.modulesOfFile.delete(abs);
			this.tops = undefined;
		}
		return dependants.map((m) => this.files.get(m)?.file).filter((f): f is string => !!f);
	}

	/** Modules whose (computed) summaries import `module`, transitively. */
	private dependantsOf(module: string): string[] {
		const out = new Set<string>();
		const queue = [module];
		while (queue.length > 0) {
			const m = queue.pop()!;
			const deps: [string, Iterable<string>][] = [...this.viewDeps];
			for (const [name, s] of this.summaries) {
				if (s) {
					deps.push([name, s.imports]);
				}
			}
			for (const [name, imports] of deps) {
				if (!out.has(name) && name !== module && [...imports].some((i) => i === m || i.startsWith(m + '.'))) {
					out.add(name);
					queue.push(name);
				}
			}
		}
		return [...out];
	}

	/** True when a FQN starts at one of the project's modules. */
	isProjectName(fqn: string): boolean {
		const parts = fqn.split('.');
		for (let i = parts.length; i > 0; i--) {
			if (this.files.has(parts.slice(0, i).join('.'))) {
				return true;
			}
		}
		return false;
	}

	/** What a project FQN stands for (re-exports followed, class facts merged over project bases). */
	lookup(fqn: string, depth = 0): ProjectSymbol | undefined {
		if (this.lookups.has(fqn)) {
			return this.lookups.get(fqn);
		}
		const found = depth > 16 ? undefined : this.computeLookup(fqn, depth);
		if (!this.inProgress.size) {
			this.lookups.set(fqn, found);
		}
		return found;
	}

	private computeLookup(fqn: string, depth: number): ProjectSymbol | undefined {
		if (this.files.has(fqn)) {
			return { kind: 'module' };
		}
		const dot = fqn.lastIndexOf('.');
		if (dot < 0) {
			return undefined;
		}
		const module = fqn.slice(0, dot);
		const name = fqn.slice(dot + 1);
		const summary = this.files.has(module) ? this.summary(module) : undefined;
		const entry = summary?.names.get(name);
		return entry ? this.resolveEntry(entry, depth) : undefined;
	}

	private resolveEntry(entry: ModuleEntry, depth: number): ProjectSymbol | undefined {
		switch (entry.kind) {
			case 'alias':
				return this.isProjectName(entry.target) ? this.lookup(entry.target, depth + 1) : { kind: 'sdk', fqn: entry.target };
			case 'class-local':
				return this.mergeClass(entry, depth);
			default:
				return entry;
		}
	}

	/** A class with what its project bases (in any file) contribute: inherited attributes, methods, __init__. */
	private mergeClass(entry: ClassEntry, depth: number): ProjectSymbol {
		const attrs: Record<string, TypeValue[]> = {};
		const methods: Record<string, TypeValue[]> = {};
		let hasInit = entry.definesInit;
		for (const base of entry.projectBases) {
			const b = this.lookup(base, depth + 1);
			if (b?.kind === 'class') {
				Object.assign(attrs, b.attrs);
				Object.assign(methods, b.methods);
				hasInit ||= b.hasInit;
			}
		}
		Object.assign(attrs, entry.attrs);
		Object.assign(methods, entry.methods);
		return { kind: 'class', sdkBases: entry.sdkBases, constructorBases: entry.constructorBases, hasInit, attrs, methods };
	}

	/** The summary of a module, computed on first request; null when the module is not bound. */
	private summary(module: string): ModuleSummary | null {
		if (this.summaries.has(module)) {
			return this.summaries.get(module)!;
		}
		if (this.inProgress.has(module)) {
			return null; // an import cycle: the inner side sees nothing of the outer
		}
		const info = this.files.get(module);
		if (!info) {
			return null;
		}
		const text = this.readText(info.file);
		let summary: ModuleSummary | null = null;
		if (text !== undefined && text.length <= MAX_SUMMARY_BYTES && (SDK_MENTION.test(text) || this.importsProject(text))) {
			this.inProgress.add(module);
			const t0 = performance.now();
			try {
				summary = this.withTree(text, (root, evaluator) => summarize(root, module, info.isPackage, evaluator, (f) => this.isProjectName(f)), module, info.isPackage);
				this.stats.summarised++;
			} finally {
				this.stats.summaryMs += performance.now() - t0;
				this.inProgress.delete(module);
			}
		}
		this.summaries.set(module, summary);
		return summary;
	}

	/**
	 * A cheap text test before any parse: does the text import a project top-level module, or
	 * import relatively? A false positive only costs a parse; tree-sitter decides what is imported.
	 */
	private importsProject(text: string): boolean {
		if (/^[ \t]*from[ \t]+\./m.test(text)) {
			return true;
		}
		const tops = this.topLevelNames();
		for (const m of text.matchAll(/^[ \t]*(?:from|import)[ \t]+([A-Za-z_][\w., \t]*)/gm)) {
			if (m[1].split(',').some((name) => tops.has(name.trim().split(/[.\s]/)[0]))) {
				return true;
			}
		}
		return false;
	}

	private withTree<T>(text: string, fn: (root: Node, evaluator: Evaluator) => T, module?: string, isPackage = false): T | null {
		const tree: Tree | null = this.parser.parse(text);
		if (!tree) {
			return null;
		}
		try {
			const binder = new Binder(tree.rootNode, text);
			const evaluator = new Evaluator(binder, knowledgeOracle(bundledKnowledge()), this.topLevelNames(), this.fragments(), this.typesFor(module, isPackage));
			return fn(tree.rootNode, evaluator);
		} finally {
			tree.delete();
		}
	}

	private tops?: Set<string>;

	/** First parts of the project's module names (cached until the module set changes). */
	private topLevelNames(): ReadonlySet<string> {
		return this.tops ??= new Set([...this.files.keys()].map((m) => m.split('.')[0]));
	}

	private typesFor(module: string | undefined, isPackage: boolean): ProjectTypes {
		return {
			lookup: (fqn) => this.lookup(fqn),
			relative: (spec) => module ? resolveRelative(spec, module, isPackage) : undefined,
		};
	}

	private fragments(): FragmentParser {
		return fragmentParserOver(this.parser);
	}

	/**
	 * The slice of the index `file` (with `text`) can reach: each project name its imports bind,
	 * and every name of each project module it imports (for `auth.Verifier` after `import pkg.auth as auth`).
	 */
	viewFor(file: string, text: string): ProjectView | undefined {
		const module = this.modulesOfFile.get(path.resolve(file));
		const isPackage = path.basename(file) === '__init__.py';
		if (this.files.size === 0 || !this.importsProject(text)) {
			return module ? { module, isPackage, symbols: {} } : undefined;
		}
		const symbols: Record<string, ProjectSymbol> = {};
		const reached = new Set<string>();
		// A module the file imports brings its own names (for `auth.Verifier` after `import pkg.auth as
		// auth`), not the names of the modules those name in turn: the view stays one level deep.
		const add = (fqn: string, expand: boolean) => {
			const found = this.lookup(fqn);
			if (!found || symbols[fqn]) {
				return;
			}
			symbols[fqn] = found;
			reached.add(found.kind === 'module' ? fqn : fqn.slice(0, Math.max(0, fqn.lastIndexOf('.'))));
			if (expand && found.kind === 'module' && this.files.has(fqn)) {
				for (const name of this.summary(fqn)?.names.keys() ?? []) {
					add(`${fqn}.${name}`, false);
				}
			}
		};
		// Only the import statements are parsed (a view needs nothing else): a file's full parse is
		// the analysis's own, in the worker.
		this.withTree(importStatementsOf(text), (root) => {
			for (const capture of this.importQuery().captures(root)) {
				const info = describeImport(capture.node);
				const from = info.relative ? (info.moduleNode && module ? resolveRelative(info.moduleNode.text, module, isPackage) : undefined) : info.moduleFqn;
				for (const n of info.names) {
					const target = capture.node.type === 'import_statement' ? n.importedFqn : from ? `${from}.${n.nameNode.text}` : undefined;
					if (!target || !this.isProjectName(target)) {
						continue;
					}
					if (capture.node.type === 'import_statement') {
						// `import pkg.auth` binds pkg: every module along the path is reachable, and
						// `pkg.auth.Verifier` needs the names of the module imported.
						const parts = target.split('.');
						for (let i = 1; i <= parts.length; i++) {
							add(parts.slice(0, i).join('.'), i === parts.length);
						}
					} else {
						// `from pkg import auth` (a module: its names are reachable) or `from pkg.auth import Verifier`.
						add(target, true);
					}
				}
			}
		});
		if (module) {
			this.viewDeps.set(module, reached);
		}
		return { module, isPackage, symbols };
	}

	private query?: Query;

	private importQuery(): Query {
		return this.query ??= new Query(this.language, '(import_statement) @i (import_from_statement) @i');
	}
}

export type { ProjectView };

/**
 * The text of a file's import statements, each on its own lines and dedented, for tree-sitter to
 * parse instead of the whole file. The expression only picks lines (an `import`/`from` line with
 * its parenthesised or backslash-continued tail); the parse decides what they are. A line in a
 * docstring that reads like an import can only add names to a view, never hide one.
 */
export function importStatementsOf(text: string): string {
	const out: string[] = [];
	const lines = text.split(/\r\n|\r|\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (!/^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import\b|import[ \t]+\w)/.test(line)) {
			continue;
		}
		const statement = [line.trimStart()];
		let open = (line.match(/\(/g)?.length ?? 0) - (line.match(/\)/g)?.length ?? 0);
		let continued = /\\[ \t]*$/.test(line);
		// A statement spans at most a few hundred lines; the cap bounds an unclosed parenthesis.
		for (let j = i + 1; j < lines.length && j < i + 500 && (open > 0 || continued); j++) {
			statement.push(lines[j]);
			open += (lines[j].match(/\(/g)?.length ?? 0) - (lines[j].match(/\)/g)?.length ?? 0);
			continued = /\\[ \t]*$/.test(lines[j]);
			i = j;
		}
		out.push(statement.join('\n'));
	}
	return out.join('\n');
}
