import type { V2Status } from '../analysis/model';
import authData from '../../knowledge/auth.json';
import resourcesData from '../../knowledge/resources.json';

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
	verifiedAgainst: string;
	aliases?: string[];
	coversSubmodules?: boolean;
	rule?: string;
	returns?: string;
	position?: number;
	since?: string;
	quietUses?: boolean;
	fix?: { module?: string; name?: string; keyword?: string; safety?: 'safe' | 'review' };
}

export interface KnowledgeFile {
	area: string;
	description?: string;
	trackedModules?: string[];
	entries: KnowledgeEntry[];
}

/** What a lookup found: the entry itself, or a verdict derived from a module that covers its submodules. */
export interface Resolved {
	entry: KnowledgeEntry;
	/** Canonical FQN of the looked-up name (aliases resolved; derived names keep their own path). */
	fqn: string;
	/** For derived lookups (below a coversSubmodules module): the V2 path with the prefix substituted. */
	derivedTarget?: string;
	derived: boolean;
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

	constructor(files: readonly KnowledgeFile[], receiverFiles: readonly KnowledgeFile[] = []) {
		for (const file of receiverFiles) {
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

	/** Exact entry for a FQN (aliases resolved), or a verdict derived from a covering module. */
	lookup(fqn: string): Resolved | undefined {
		const entry = this.bySymbol.get(fqn);
		if (entry) {
			return { entry, fqn: this.canonical.get(fqn) ?? fqn, derived: false };
		}
		const parts = fqn.split('.');
		for (let i = parts.length - 1; i > 0; i--) {
			const prefix = parts.slice(0, i).join('.');
			const covering = this.bySymbol.get(prefix);
			if (covering && covering.kind === 'module' && covering.coversSubmodules) {
				const rest = parts.slice(i).join('.');
				const derivedTarget = covering.target ? `${covering.target}.${rest}` : undefined;
				return { entry: covering, fqn, derived: true, derivedTarget };
			}
		}
		return undefined;
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

let shared: Knowledge | undefined;

/** The bundled knowledge, indexed once per process. */
export function bundledKnowledge(): Knowledge {
	shared ??= new Knowledge([authData as KnowledgeFile], [resourcesData as KnowledgeFile]);
	return shared;
}
