import { verifiedAgainst } from '../knowledge/verifiedAgainst';
import { version } from '../../../package.json';

// `--version`: the tool's version and what its knowledge was checked against (the SDK releases the
// generated facts were read from, and the V2 tag's commit), so a bug report says which SDK releases
// the verdicts hold for. NOT the knowledge itself.

export function versionText(): string {
	const sdk = verifiedAgainst();
	const lines = [
		`mcp-auth-hints ${version}`,
		`knowledge verified against mcp ${sdk.releases[0]} to ${sdk.releases[sdk.releases.length - 1]} (${sdk.releases.length} releases read from ${sdk.repository})`,
		...(sdk.v2 ? [`V2 reference: mcp ${sdk.v2.version} (tag ${sdk.v2.tag}, commit ${sdk.v2.commit})`] : []),
	];
	return `${lines.join('\n')}\n`;
}
