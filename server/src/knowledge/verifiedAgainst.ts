import exportsData from '../../knowledge/exports.json';

// What the bundled SDK facts (server/knowledge/exports.json) were generated from: the python-sdk
// releases read and the V2 tag's commit, for `--version` and bug reports. NOT a lookup over the
// facts themselves (sdkGraph.ts).

export interface VerifiedAgainst {
	repository: string;
	releases: readonly string[];
	/** The first 2.x release, its tag and commit, when the facts include one. */
	v2?: { version: string; tag: string; commit: string };
}

interface ExportsSource {
	releases: string[];
	source: { repository: string; tags: { tag: string; commit: string }[] };
}

export function verifiedAgainst(): VerifiedAgainst {
	const data = exportsData as unknown as ExportsSource;
	const v2 = data.releases.find((r) => r.startsWith('2.'));
	const tag = v2 === undefined ? undefined : data.source.tags.find((t) => t.tag === `v${v2}`);
	return {
		repository: data.source.repository,
		releases: data.releases,
		...(v2 !== undefined && tag ? { v2: { version: v2, tag: tag.tag, commit: tag.commit } } : {}),
	};
}
