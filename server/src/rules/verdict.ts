// Display helpers shared by the rules' messages. The messages themselves are generated from the
// knowledge's structured data in rules/messages.ts; verdicts per use are in rules/useVerdict.ts.

/** Short display name: the last dotted part, or the parameter (`FastMCP(port=)` -> `port=`). */
export function displayName(fqn: string): string {
	const param = /\(([A-Za-z_]\w*)=\)$/.exec(fqn);
	if (param) {
		return `${param[1]}=`;
	}
	return fqn.slice(fqn.lastIndexOf('.') + 1);
}
