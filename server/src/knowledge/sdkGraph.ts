// The SDK's real module graph (server/knowledge/exports.json, generated from the python-sdk tags by
// scripts/knowledge/generate_exports.py): which names each tracked module lets you import, in which
// releases, and where each object is defined. Facts only: what V2 did to an object is the
// hand-written knowledge's business (auth.json, resources.json); this answers "is this path real,
// what object is it, since and until when".

export type ReleaseSet = ReadonlySet<number>;

interface ExportsFile {
	releases: string[];
	source: { tags: { tag: string; commit: string }[] };
	modules: Record<string, { r: string; names: Record<string, [string, string, string?][]> }>;
	classes?: Record<string, { signatures?: Record<string, { params: Record<string, [string, string, number | null, boolean][]> }> }>;
}

interface ClassFacts {
	r: string;
	members?: Record<string, { r: string }[]>;
	signatures?: Record<string, { r: string; params: Record<string, [string, string, number | null, boolean][]> }>;
}

export interface GraphName {
	/** `class`, `function`, `constant`, `alias`, `module`, `external` (a stdlib/third-party name re-bound here). */
	kind: string;
	/** The defining object's FQN (itself when defined at this path). */
	canonical: string;
	releases: ReleaseSet;
}

export class SdkGraph {
	readonly releases: readonly string[];
	/** Index of the first V2 release in `releases` (everything before is the 1.x line). */
	readonly firstV2: number;
	readonly commits: ReadonlyMap<string, string>;
	private readonly modules = new Map<string, ReleaseSet>();
	private readonly names = new Map<string, GraphName[]>();
	private readonly classes: NonNullable<ExportsFile['classes']>;

	constructor(file: ExportsFile) {
		this.classes = file.classes ?? {};
		this.releases = file.releases;
		const v2 = file.releases.findIndex((r) => r.startsWith('2.'));
		this.firstV2 = v2 === -1 ? file.releases.length : v2;
		this.commits = new Map(file.source.tags.map((t) => [t.tag.replace(/^v/, ''), t.commit]));
		for (const [module, info] of Object.entries(file.modules)) {
			this.modules.set(module, this.parseRanges(info.r));
			for (const [name, rows] of Object.entries(info.names)) {
				const fqn = `${module}.${name}`;
				this.names.set(fqn, rows.map(([kind, r, canonical]) => ({ kind, canonical: canonical ?? fqn, releases: this.parseRanges(r) })));
			}
		}
	}

	/**
	 * `"1.7.0-1.9.3,2.0.0"` -> the set of release indexes. The table repeats a few hundred range
	 * strings over thousands of names: each is parsed once and its (read-only) set shared, which took
	 * ~130 ms off every analysis worker's start (issue 14).
	 */
	private parseRanges(text: string): ReleaseSet {
		const known = this.rangeSets.get(text);
		if (known) {
			return known;
		}
		const out = new Set<number>();
		const index = (v: string) => {
			const i = this.releases.indexOf(v);
			if (i === -1) {
				throw new Error(`exports.json: unknown release ${v}`);
			}
			return i;
		};
		for (const part of text.split(',')) {
			const [a, b] = part.split('-');
			const last = index(b ?? a);
			for (let i = index(a); i <= last; i++) {
				out.add(i);
			}
		}
		this.rangeSets.set(text, out);
		return out;
	}

	private readonly rangeSets = new Map<string, ReleaseSet>();

	/** Whether the table covers this module (it is one of the tracked ones). */
	knowsModule(module: string): boolean {
		return this.modules.has(module);
	}

	/** Whether `fqn` is importable (a module, or a name of a known module) in the given release. */
	existsIn(fqn: string, release: number): boolean {
		if (this.modules.get(fqn)?.has(release)) {
			return true;
		}
		return (this.names.get(fqn) ?? []).some((n) => n.releases.has(release));
	}

	/**
	 * For a path importable from some release the table read but not from `version` (one it read):
	 * the nearest releases around `version` that have it (`from`: the first after, `until`: the last
	 * before). Undefined when `version` has it, no release has it, or the table did not read `version`.
	 */
	availability(fqn: string, version: string): { version: string; from?: string; until?: string } | undefined {
		const at = this.releases.indexOf(version);
		if (at === -1 || this.existsIn(fqn, at)) {
			return undefined;
		}
		let from: string | undefined;
		let until: string | undefined;
		for (let i = at + 1; i < this.releases.length && from === undefined; i++) {
			from = this.existsIn(fqn, i) ? this.releases[i] : undefined;
		}
		for (let i = at - 1; i >= 0 && until === undefined; i--) {
			until = this.existsIn(fqn, i) ? this.releases[i] : undefined;
		}
		return from || until ? { version, ...(from ? { from } : {}), ...(until ? { until } : {}) } : undefined;
	}

	/** Whether `fqn` is importable from mcp 2.0 (the first V2 release the table has). */
	existsInV2(fqn: string): boolean {
		return this.firstV2 < this.releases.length && this.existsIn(fqn, this.firstV2);
	}

	private readonly v1Names = new Map<string, GraphName | undefined>();

	/** What `module.name` binds in the 1.x line (the rows of releases before V2), if anything. */
	v1Name(fqn: string): GraphName | undefined {
		if (this.v1Names.has(fqn)) {
			return this.v1Names.get(fqn);
		}
		const found = this.findV1Name(fqn);
		if (this.v1Names.size >= 100_000) {
			this.v1Names.clear(); // names come from user code: bounded like Knowledge.lookup's memo
		}
		this.v1Names.set(fqn, found);
		return found;
	}

	private findV1Name(fqn: string): GraphName | undefined {
		const rows = (this.names.get(fqn) ?? []).filter((n) => [...n.releases].some((r) => r < this.firstV2));
		return rows[rows.length - 1];
	}

	/** The 1.x releases in which `fqn` is importable, as "a–b" text (e.g. "1.27.2–1.29.0"). */
	v1Span(fqn: string): { first: string; last: string } | undefined {
		const all = (this.names.get(fqn) ?? []).flatMap((n) => [...n.releases]).concat([...(this.modules.get(fqn) ?? [])]).filter((r) => r < this.firstV2);
		if (all.length === 0) {
			return undefined;
		}
		return { first: this.releases[Math.min(...all)], last: this.releases[Math.max(...all)] };
	}

	/** Where mcp 2.0 defines an object of this name, when exactly one module does. */
	v2HomeOf(name: string): string | undefined {
		const homes = new Set<string>();
		for (const [fqn, rows] of this.names) {
			if (fqn.endsWith(`.${name}`) && rows.some((n) => n.canonical === fqn && n.kind !== 'external' && n.releases.has(this.firstV2))) {
				homes.add(fqn);
			}
		}
		return homes.size === 1 ? [...homes][0] : undefined;
	}

	/** The first and last releases the table read, e.g. "1.0.0" and "2.0.0". */
	range(): { first: string; last: string } {
		return { first: this.releases[0], last: this.releases[this.releases.length - 1] };
	}

	/**
	 * Whether mcp 2.0's `method` of the class accepts `keyword` (by name), when the table has the
	 * method's signature; undefined when it does not know.
	 */
	acceptsInV2(classFqn: string, method: string, keyword: string): boolean | undefined {
		const sig = this.classes[classFqn]?.signatures?.[method];
		if (!sig) {
			return undefined;
		}
		const rows = sig.params[keyword] ?? [];
		return rows.some(([kind, r]) => kind !== 'pos' && this.parseRanges(r).has(this.firstV2));
	}

	/**
	 * How `method` of the class takes `keyword` in the last 1.x release (`v1`) or in mcp 2.0 (`v2`):
	 * its kind (`kw` keyword-only, `pos_kw`, `pos`) and positional slot (self not counted);
	 * undefined when it does not take it, or the table lacks the signature.
	 */
	parameter(classFqn: string, method: string, keyword: string, line: 'v1' | 'v2'): { kind: string; position: number | null } | undefined {
		const release = line === 'v2' ? this.firstV2 : this.firstV2 - 1;
		const row = this.classes[classFqn]?.signatures?.[method]?.params[keyword]?.find(([, r]) => this.parseRanges(r).has(release));
		return row ? { kind: row[0], position: row[2] } : undefined;
	}

	/**
	 * Whether mcp 2.0's class at `classPath` (any importable spelling) has `member` (a field, method
	 * or property); undefined when the table does not track the class's members.
	 */
	memberInV2(classPath: string, member: string): boolean | undefined {
		return this.memberIn(classPath, member, this.firstV2);
	}

	/** The detailed class that `classPath` imports in a release, if the table details it. */
	private classAt(classPath: string, release: number): ClassFacts | undefined {
		const row = (this.names.get(classPath) ?? []).find((n) => n.releases.has(release));
		const cls = row?.kind === 'class' ? (this.classes as Record<string, ClassFacts>)[row.canonical] : undefined;
		return cls && this.parseRanges(cls.r).has(release) ? cls : undefined;
	}

	/**
	 * Whether the class at `classPath` has `member` (a field, method or property, inherited ones
	 * included) in the release; undefined when the table does not detail the class there.
	 */
	memberIn(classPath: string, member: string, release: number): boolean | undefined {
		const cls = this.classAt(classPath, release);
		if (!cls) {
			return undefined;
		}
		const has = (r: string) => this.parseRanges(r).has(release);
		return (cls.members?.[member] ?? []).some((m) => has(m.r)) || (cls.signatures?.[member] ? has(cls.signatures[member].r) : false);
	}

	/**
	 * Whether `method` of the class at `classPath` (`__init__` for the constructor) takes `keyword`
	 * by name in the release; undefined when the table has no signature for it there.
	 */
	keywordIn(classPath: string, method: string, keyword: string, release: number): boolean | undefined {
		const sig = this.classAt(classPath, release)?.signatures?.[method];
		if (!sig || !this.parseRanges(sig.r).has(release)) {
			return undefined;
		}
		return (sig.params[keyword] ?? []).some(([kind, r]) => kind !== 'pos' && this.parseRanges(r).has(release));
	}

	/** The defining FQN of what `fqn` binds in mcp 2.0, if it is importable there. */
	v2Canonical(fqn: string): string | undefined {
		return (this.names.get(fqn) ?? []).find((n) => n.releases.has(this.firstV2))?.canonical;
	}

	/** The `verifiedAgainst` stamp for a release the table read: `mcp 2.0.0 (v2.0.0 <commit>)`. */
	stamp(release: string): string {
		const commit = this.commits.get(release);
		if (!commit) {
			throw new Error(`exports.json recorded no tag v${release}`);
		}
		return `mcp ${release} (v${release} ${commit})`;
	}

	/** The last 1.x release, e.g. "1.29.0". */
	lastV1(): string {
		return this.releases[this.firstV2 - 1];
	}
}
