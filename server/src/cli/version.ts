import exportsData from '../../knowledge/exports.json';
import { version } from '../../../package.json';

// `--version`: the tool's version and what its knowledge was checked against, read from the
// generated SDK facts (server/knowledge/exports.json: the releases read and the tags' commits),
// so a bug report says which SDK releases the verdicts hold for. NOT the knowledge itself.

interface ExportsSource {
	releases: string[];
	source: { repository: string; tags: { tag: string; commit: string }[] };
}

export function versionText(): string {
	const data = exportsData as unknown as ExportsSource;
	const first = data.releases[0];
	const last = data.releases[data.releases.length - 1];
	const v2 = data.releases.find((r) => r.startsWith('2.'));
	const v2Tag = v2 === undefined ? undefined : data.source.tags.find((t) => t.tag === `v${v2}`);
	const lines = [
		`mcp-auth-hints ${version}`,
		`knowledge verified against mcp ${first} to ${last} (${data.releases.length} releases read from ${data.source.repository})`,
		...(v2Tag ? [`V2 reference: mcp ${v2} (tag ${v2Tag.tag}, commit ${v2Tag.commit})`] : []),
	];
	return `${lines.join('\n')}\n`;
}
