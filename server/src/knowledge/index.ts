import type { V2Status } from '../analysis/model';
import authData from '../../knowledge/auth.json';
import resourcesData from '../../knowledge/resources.json';
import exportsData from '../../knowledge/exports.json';
import { SdkGraph } from './sdkGraph';

// The V2 knowledge base: data files (server/knowledge/*.json, validated against
// knowledge.schema.json in the tests), indexed here for the engine. No rule hard-codes what V2 did
// to a symbol; rules ask this index.

export interface KnowledgeEntry {
	symbol: string;
	kind: 'module' | 'class' | 'protocol' | 'function' | 'method' | 'property' | 'attribute' | 'constant' | 'type_alias' | 'param';
	status: V2Status;
	target: string | null;
	message: string;
	note: string;
	href: string;
	evidence: string[];
	/** `mcp X.Y.Z (vX.Y.Z <commit>)`: a release and the commit exports.json recorded for it (scripts/knowledge/stamps.py). */
	verifiedAgainst: string;
	/** Other packages' releases the facts were read from (openai-agents, anthropic). */
	alsoVerifiedAgainst?: string[];
	/** For verdicts read off the module graph: the releases the path itself is importable from. */
	importableIn?: { first: string; last: string; v2: boolean };
	aliases?: string[];
	coversSubmodules?: boolean;
	rule?: string;
	returns?: string;
	position?: number;
	since?: string;
	quietUses?: boolean;
	fix?: EntryFix;
	/** For a callable whose V2 counterpart takes another call shape (FastMCP -> MCPServer). */
	v2Call?: { name: string; transportTargets: string[]; insertedPositionals: string[] };
}

type Safety = { safety?: 'safe' | 'review' };

/** The mechanical rewrite an entry allows, by kind (knowledge.schema.json validates it). */
export type EntryFix =
	| { kind: 'import'; module: string; name?: string } & Safety
	| { kind: 'renameMember'; to: string } & Safety
	| { kind: 'renameKeyword'; to: string } & Safety
	| { kind: 'removeKeyword' } & Safety
	| { kind: 'moveKeyword'; to: 'any' | 'http' | 'sse' } & Safety
	| { kind: 'wrapKeyword'; keyword: string; module: string; name: string } & Safety
	| { kind: 'callTarget'; module: string; function: string; attribute: string } & Safety;

/** The entry's fix when it is of the given kind. */
export function fixOf<K extends EntryFix['kind']>(entry: KnowledgeEntry | undefined, kind: K): Extract<EntryFix, { kind: K }> | undefined {
	return entry?.fix?.kind === kind ? entry.fix as Extract<EntryFix, { kind: K }> : undefined;
}

export interface KnowledgeFile {
	area: string;
	/**
	 * `verdict`: entries reported where they are used (auth.json). `receiver`: entries that type
	 * receivers and results for the resources rules, invisible to the plain import/use lookups.
	 */
	tier: 'verdict' | 'receiver';
	description?: string;
	trackedModules?: string[];
	entries: KnowledgeEntry[];
}

/** What a lookup found: the entry itself, or a verdict derived from a module that covers its submodules. */
export interface Resolved {
	entry: KnowledgeEntry;
	/** Canonical FQN of the looked-up name (aliases resolved; derived names keep their own path). */
	fqn: string;
	/**
	 * For derived lookups (below a coversSubmodules module): where the object lives in V2 (the path
	 * with the prefix substituted when mcp 2.0 has it, else the object's defining path).
	 */
	derivedTarget?: string;
	/** A derived lookup for which mcp 2.0 has no counterpart: the import fails with nothing to rename it to. */
	removedInV2?: boolean;
	derived: boolean;
	/** The path as imported when it is a re-export of the entry's object (`mcp.server.auth.provider.OAuthToken`). */
	via?: string;
}

export class Knowledge {
	private readonly bySymbol = new Map<string, KnowledgeEntry>();
	private readonly canonical = new Map<string, string>();
	/** Every proper prefix of every symbol and alias: an import of one of these can lead to an entry. */
	private readonly prefixes = new Set<string>();
	private readonly trackedModules: string[] = [];
	/** callable FQN -> its parameter entries */
	private readonly params = new Map<string, KnowledgeEntry[]>();
	/** member name -> class FQNs that have an entry for it (instance receivers) */
	private readonly memberNames = new Map<string, string[]>();

	/**
	 * Receiver-tier entries (resources.json): they type receivers and results for the evaluator and
	 * the resources rules (`resolve`, `anyMember`, `receiverMemberNames`), but are invisible to
	 * `lookup`, `isRelevant`, `member` and `memberNamesList`, so the auth import/use/member rules
	 * never report `from mcp import ClientSession` or `server.list_resources`.
	 */
	private readonly receiverSymbols = new Map<string, KnowledgeEntry>();
	/** member name -> class FQNs, for receiver-tier methods/attributes */
	private readonly receiverMembers = new Map<string, string[]>();

	constructor(allFiles: readonly KnowledgeFile[], readonly graph?: SdkGraph) {
		const files = allFiles.filter((f) => f.tier === 'verdict');
		for (const file of allFiles.filter((f) => f.tier === 'receiver')) {
			for (const entry of file.entries) {
				this.addReceiver(entry.symbol, entry, entry.symbol);
				for (const alias of entry.aliases ?? []) {
					this.addReceiver(alias, entry, entry.symbol);
				}
			}
		}
		for (const file of files) {
			this.trackedModules.push(...(file.trackedModules ?? []));
			for (const entry of file.entries) {
				this.add(entry.symbol, entry, entry.symbol);
				for (const alias of entry.aliases ?? []) {
					this.add(alias, entry, entry.symbol);
				}
			}
		}
		for (const entry of [...this.bySymbol.values(), ...this.receiverSymbols.values()]) {
			const m = /^(.*)\(([A-Za-z_][A-Za-z0-9_]*)=\)$/.exec(entry.symbol);
			if (m) {
				const list = this.params.get(m[1]) ?? [];
				if (!list.includes(entry)) {
					list.push(entry);
				}
				this.params.set(m[1], list);
			}
		}
		for (const [symbol, entry] of this.bySymbol) {
			if (entry.kind === 'property' || entry.kind === 'method' || entry.kind === 'attribute'
				|| (entry.kind === 'function' && this.isMemberPath(symbol))) {
				const dot = symbol.lastIndexOf('.');
				const owner = symbol.slice(0, dot);
				const name = symbol.slice(dot + 1);
				const owners = this.memberNames.get(name) ?? [];
				owners.push(owner);
				this.memberNames.set(name, owners);
			}
		}
	}

	private addReceiver(symbol: string, entry: KnowledgeEntry, canonical: string): void {
		if (this.receiverSymbols.has(symbol)) {
			throw new Error(`knowledge: duplicate symbol ${symbol}`);
		}
		this.receiverSymbols.set(symbol, entry);
		this.canonical.set(symbol, canonical);
		if (entry.kind === 'property' || entry.kind === 'method' || entry.kind === 'attribute') {
			const dot = symbol.lastIndexOf('.');
			const owners = this.receiverMembers.get(symbol.slice(dot + 1)) ?? [];
			owners.push(symbol.slice(0, dot));
			this.receiverMembers.set(symbol.slice(dot + 1), owners);
		}
	}

	/** `lookup`, falling back to the receiver tier: what the evaluator uses to type values. */
	resolve(fqn: string): Resolved | undefined {
		const found = this.lookup(fqn);
		if (found) {
			return found;
		}
		const entry = this.receiverSymbols.get(fqn);
		return entry ? { entry, fqn: this.canonical.get(fqn) ?? fqn, derived: false } : undefined;
	}

	/** `member`, falling back to the receiver tier. */
	anyMember(classFqn: string, name: string): Resolved | undefined {
		return this.member(classFqn, name) ?? this.resolve(`${classFqn}.${name}`);
	}

	/** Member names of the receiver tier (resources methods and result fields). */
	receiverMemberNames(): string[] {
		return [...this.receiverMembers.keys()];
	}

	/** Receiver-tier entries (resources methods, result fields, converter functions). */
	receiverEntries(): KnowledgeEntry[] {
		return [...new Set(this.receiverSymbols.values())];
	}

	private area?: { prefixes: Set<string>; symbols: string[] };

	/**
	 * Every receiver-tier symbol (without parameter suffix) and every dotted prefix of one: an
	 * import at, above or below one of these can bring a resources receiver into a file.
	 */
	receiverArea(): { prefixes: ReadonlySet<string>; symbols: readonly string[] } {
		if (!this.area) {
			const prefixes = new Set<string>();
			const symbols: string[] = [];
			for (const entry of this.receiverEntries()) {
				for (const symbol of [entry.symbol, ...(entry.aliases ?? [])]) {
					const base = symbol.replace(/\(.*$/, '');
					symbols.push(base);
					const parts = base.split('.');
					for (let i = 1; i <= parts.length; i++) {
						prefixes.add(parts.slice(0, i).join('.'));
					}
				}
			}
			this.area = { prefixes, symbols };
		}
		return this.area;
	}

	private isMemberPath(symbol: string): boolean {
		const dot = symbol.lastIndexOf('.');
		const owner = this.bySymbol.get(symbol.slice(0, dot));
		return !!owner && (owner.kind === 'class' || owner.kind === 'protocol');
	}

	private add(symbol: string, entry: KnowledgeEntry, canonical: string): void {
		if (this.bySymbol.has(symbol)) {
			throw new Error(`knowledge: duplicate symbol ${symbol}`);
		}
		this.bySymbol.set(symbol, entry);
		this.canonical.set(symbol, canonical);
		const base = symbol.replace(/\(.*$/, '');
		const parts = base.split('.');
		for (let i = 1; i < parts.length; i++) {
			this.prefixes.add(parts.slice(0, i).join('.'));
		}
	}

	/**
	 * The verdict for a FQN: its own entry (aliases resolved); else, when the SDK's module graph says
	 * the path re-exports an object that has an entry, that entry; else a verdict derived from a
	 * module that covers its submodules, with a V2 target that exists; else, for a real name of a
	 * tracked module that nobody wrote an entry for, a verdict read off the graph (present in mcp 2.0
	 * or not).
	 */
	lookup(fqn: string): Resolved | undefined {
		// Pure in its argument and asked again and again along attribute chains: answered once.
		if (this.lookups.has(fqn)) {
			return this.lookups.get(fqn);
		}
		const found = this.findLookup(fqn);
		if (this.lookups.size >= 100_000) {
			this.lookups.clear(); // names come from user code: a long-lived server must not grow without end
		}
		this.lookups.set(fqn, found);
		return found;
	}

	private readonly lookups = new Map<string, Resolved | undefined>();

	private findLookup(fqn: string): Resolved | undefined {
		const entry = this.bySymbol.get(fqn);
		if (entry) {
			return { entry, fqn: this.canonical.get(fqn) ?? fqn, derived: false };
		}
		const graphName = this.graph?.v1Name(fqn);
		if (graphName && graphName.canonical !== fqn && graphName.kind !== 'external') {
			const target = this.bySymbol.get(graphName.canonical);
			if (target) {
				const canonical = this.canonical.get(graphName.canonical) ?? graphName.canonical;
				return this.deadReexport(fqn, canonical, target) ?? { entry: target, fqn: canonical, derived: false, via: fqn };
			}
		}
		const parts = fqn.split('.');
		for (let i = parts.length - 1; i > 0; i--) {
			const prefix = parts.slice(0, i).join('.');
			const covering = this.bySymbol.get(prefix);
			if (covering && covering.kind === 'module' && covering.coversSubmodules) {
				return this.derive(fqn, covering, parts.slice(i).join('.'), graphName);
			}
		}
		// A stdlib/third-party name an SDK module re-binds is its own package's business, unless the
		// path itself is dead: `from mcp.client.auth import httpx` worked only with the single-file
		// mcp/client/auth.py of 1.x and fails on every release since.
		const external = graphName?.kind === 'external';
		if (!graphName || (external && !this.isLegacyPath(fqn)) || !this.isTracked(fqn) || isPrivate(fqn)) {
			return undefined;
		}
		return this.fromGraph(fqn, external ? 'constant' : graphName.kind, external ? graphName.canonical : undefined);
	}

	/** A path some 1.x release had that neither the last 1.x release nor mcp 2.0 has. */
	private isLegacyPath(fqn: string): boolean {
		const graph = this.graph;
		const span = graph?.v1Span(fqn);
		return !!graph && !!span && span.last !== graph.lastV1() && !graph.existsInV2(fqn);
	}

	/**
	 * A re-export path of an object with an entry, when the path itself stops working: it is gone in
	 * mcp 2.0 although the entry does not say the object breaks, or it was dropped within 1.x (the
	 * names the single-file mcp/client/auth.py re-bound). The import fails whatever the object's
	 * verdict: say where the object still is.
	 */
	private deadReexport(fqn: string, canonical: string, target: KnowledgeEntry): Resolved | undefined {
		const graph = this.graph;
		if (!graph || graph.existsInV2(fqn) || (!this.isLegacyPath(fqn) && BREAKING.has(target.status))) {
			return undefined;
		}
		let entry = this.graphEntries.get(fqn);
		if (!entry) {
			const span = graph.v1Span(fqn);
			if (!span) {
				return undefined;
			}
			const home = graph.existsInV2(canonical) ? canonical : undefined;
			entry = {
				symbol: fqn,
				kind: target.kind,
				status: home ? 'moved' : 'removed',
				target: home ?? null,
				message: `${importableText(fqn, span, false, graph.lastV1())} It re-exported \`${canonical}\`${home ? ', which mcp 2.0 still has: import it from there' : ''}.`,
				note: target.note,
				href: target.href,
				evidence: target.evidence,
				verifiedAgainst: graph.stamp(graph.releases[graph.firstV2]),
				importableIn: { ...span, v2: false },
			};
			this.graphEntries.set(fqn, entry);
		}
		return { entry, fqn, derived: false };
	}

	/** A name below a module that moved as a whole: where it lives in V2, checked against mcp 2.0. */
	private derive(fqn: string, covering: KnowledgeEntry, rest: string, graphName: ReturnType<SdkGraph['v1Name']>): Resolved {
		const substituted = covering.target ? `${covering.target}.${rest}` : undefined;
		const graph = this.graph;
		if (!graph || !substituted || graph.existsInV2(substituted) || !graph.knowsModule(substituted.slice(0, substituted.lastIndexOf('.')))) {
			return { entry: covering, fqn, derived: true, derivedTarget: substituted };
		}
		// The same layout does not hold: a re-export keeps its defining object's home, if V2 has it.
		const home = graphName && graphName.canonical !== fqn ? graphName.canonical : undefined;
		if (home && (graphName!.kind === 'external' || graph.existsInV2(home))) {
			return { entry: covering, fqn, derived: true, derivedTarget: home };
		}
		// Moved out of the package in V2 (`StreamableHTTPASGIApp` -> `mcp.server.streamable_http_manager`).
		const v2Home = graphName && graphName.kind !== 'external' ? graph.v2HomeOf(fqn.slice(fqn.lastIndexOf('.') + 1)) : undefined;
		if (v2Home) {
			return { entry: covering, fqn, derived: true, derivedTarget: v2Home };
		}
		return { entry: covering, fqn, derived: true, removedInV2: true };
	}

	private readonly graphEntries = new Map<string, KnowledgeEntry>();

	/**
	 * A verdict from the module graph alone, for a real name of a tracked module without an entry
	 * (`external`: the stdlib/third-party object a dead path re-bound).
	 */
	private fromGraph(fqn: string, kind: string, external?: string): Resolved | undefined {
		const graph = this.graph!;
		let entry = this.graphEntries.get(fqn);
		if (!entry) {
			const span = graph.v1Span(fqn);
			if (!span) {
				return undefined;
			}
			const inV2 = graph.existsInV2(fqn);
			const reboundText = external ? ` It was \`${external}\` re-bound by that module: import it from its own package.` : '';
			entry = {
				symbol: fqn,
				kind: GRAPH_KINDS[kind] ?? 'constant',
				status: inV2 ? 'unchanged' : 'removed',
				target: external ?? null,
				message: importableText(fqn, span, inV2, graph.lastV1()) + reboundText,
				note: '',
				href: 'https://github.com/modelcontextprotocol/python-sdk/releases',
				evidence: [],
				verifiedAgainst: graph.stamp(inV2 ? graph.releases[graph.firstV2] : span.last),
				importableIn: { ...span, v2: inV2 },
			};
			this.graphEntries.set(fqn, entry);
		}
		return { entry, fqn, derived: false };
	}

	/**
	 * For a name under a tracked module with no verdict: whether the module graph knows the module
	 * (so the name is not importable from any release it read), and which releases it read.
	 */
	unknownName(fqn: string): { releases: { first: string; last: string } } | undefined {
		const module = fqn.slice(0, fqn.lastIndexOf('.'));
		return this.graph?.knowsModule(module) ? { releases: this.graph.range() } : undefined;
	}

	/**
	 * For an import path that some mcp release has but `version` (the release the project resolves)
	 * does not: the nearest releases that have it ("exists from 1.28.0", "last in 1.17.0").
	 */
	availability(fqn: string, version: string | undefined): ReturnType<SdkGraph['availability']> {
		return version === undefined ? undefined : this.graph?.availability(fqn, version);
	}

	/** True for a name an SDK module re-binds from the standard library or a third-party package. */
	isExternal(fqn: string): boolean {
		return this.graph?.v1Name(fqn)?.kind === 'external';
	}

	/** True when an import of this FQN can lead to catalogued symbols (it is, contains or is below one). */
	isRelevant(fqn: string): boolean {
		return this.prefixes.has(fqn) || this.lookup(fqn) !== undefined || this.isTracked(fqn);
	}

	/** True when the FQN is one of the area's tracked modules or below one (gets MCP101 on import). */
	isTracked(fqn: string): boolean {
		return this.trackedModules.some((m) => fqn === m || fqn.startsWith(m + '.'));
	}

	/** Parameter entries of a callable, by its canonical FQN. */
	paramsOf(callable: string): readonly KnowledgeEntry[] {
		return this.params.get(callable) ?? [];
	}

	/** Member names with an entry on some class; the engine searches the text for these. */
	memberNamesList(): string[] {
		return [...this.memberNames.keys()];
	}

	member(classFqn: string, name: string): Resolved | undefined {
		const fqn = `${classFqn}.${name}`;
		const entry = this.bySymbol.get(fqn);
		return entry ? { entry, fqn: this.canonical.get(fqn) ?? fqn, derived: false } : undefined;
	}

	canonicalOf(fqn: string): string {
		return this.canonical.get(fqn) ?? fqn;
	}

	entries(): KnowledgeEntry[] {
		return [...new Set(this.bySymbol.values())];
	}
}

const GRAPH_KINDS: Record<string, KnowledgeEntry['kind']> = {
	class: 'class', function: 'function', constant: 'constant', alias: 'type_alias', module: 'module',
};

/** Statuses whose verdict already says an import of the object breaks in V2. */
const BREAKING: ReadonlySet<string> = new Set(['moved', 'renamed', 'removed']);

/** Where a path is importable, and what that means for mcp 2.0 and the releases since. */
function importableText(fqn: string, span: { first: string; last: string }, inV2: boolean, lastV1: string): string {
	const where = span.first === span.last ? `mcp ${span.first}` : `mcp ${span.first} through ${span.last}`;
	if (inV2) {
		return `Importable from ${where} and from 2.0; no V2 change is recorded for it.`;
	}
	return span.last === lastV1
		? `Importable from ${where} only: mcp 2.0 has no \`${fqn}\`.`
		: `Importable from ${where} only: it fails on every mcp release since (including ${lastV1} and 2.x).`;
}

function isPrivate(fqn: string): boolean {
	return fqn.slice(fqn.lastIndexOf('.') + 1).startsWith('_');
}

let shared: Knowledge | undefined;

/** The SDK releases the facts table was read from, without indexing anything (for start-up paths). */
export function bundledReleases(): readonly string[] {
	return (exportsData as { releases?: string[] }).releases ?? [];
}

/** The bundled knowledge, indexed once per process. */
export function bundledKnowledge(): Knowledge {
	shared ??= new Knowledge([authData as KnowledgeFile, resourcesData as KnowledgeFile], new SdkGraph(exportsData as unknown as ConstructorParameters<typeof SdkGraph>[0]));
	return shared;
}
