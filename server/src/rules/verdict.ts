import type { Resolved } from '../knowledge';

// How a knowledge verdict reads in a message. Ruff's deprecation wording is the model:
// "`old` is deprecated; use `new` instead", plus the entry's own one-sentence explanation.

export function verdictPhrase(resolved: Resolved): string {
	const { entry } = resolved;
	if (resolved.removedInV2) {
		return 'removed in V2: mcp 2.0 has no counterpart under the new package';
	}
	const target = resolved.derived ? resolved.derivedTarget : entry.target;
	switch (entry.status) {
		case 'unchanged':
			return 'unchanged in V2';
		case 'signature_changed':
			return 'changed in V2';
		case 'moved':
			return target ? `moved in V2 to \`${target}\`` : 'moved in V2';
		case 'renamed':
			return target ? `renamed in V2 to \`${target}\`` : 'renamed in V2';
		case 'removed':
			return target ? `removed in V2; use ${codeOrText(target)} instead` : 'removed in V2 with no replacement';
		case 'added':
			return 'added in V2 (no mcp 1.x release has it)';
		case 'watch':
			return `deprecated after 2.0${entry.since ? `, ${entry.since}` : ''}`;
	}
	return entry.status;
}

/** `a.b.C` for a plain dotted name, otherwise the target text as written. */
function codeOrText(target: string): string {
	return /^[A-Za-z_][\w.]*(\([\w=]*\))?$/.test(target) ? `\`${target}\`` : target;
}

/** Short display name: the last dotted part, or the parameter (`FastMCP(port=)` -> `port=`). */
export function displayName(fqn: string): string {
	const param = /\(([A-Za-z_]\w*)=\)$/.exec(fqn);
	if (param) {
		return `${param[1]}=`;
	}
	return fqn.slice(fqn.lastIndexOf('.') + 1);
}

export function composeMessage(subject: string, resolved: Resolved): string {
	if (resolved.removedInV2) {
		// The covering entry's advice ("import from the new package") would point at a path that fails.
		return `\`${subject}\` is ${verdictPhrase(resolved)}; look its replacement up in the migration guide.`;
	}
	const derivedNote = resolved.derived ? ` (every \`${resolved.entry.symbol}.*\` module moved)` : '';
	// A re-export carries the verdict of the object it re-exports: say which one.
	const via = resolved.via ? ` (it is \`${resolved.fqn}\`)` : '';
	return `\`${subject}\` is ${verdictPhrase(resolved)}${derivedNote}${via}: ${resolved.entry.message}`;
}
