import type { V2Status } from '../analysis/model';
import { fixOf, type KnowledgeEntry, type Resolved } from '../knowledge';

// Short diagnostic messages (at most ~100 characters: what breaks and what to write), generated
// from the structured knowledge (status, target, fix data), never from the entry's prose: the
// prose is the finding's `detail`, shown by the hover and the note. Not for choosing severities
// (rules/useVerdict.ts) or for the long explanation.

export const MAX_MESSAGE = 100;

const code = (s: string) => `\`${s}\``;
const lastPart = (p: string) => p.slice(p.lastIndexOf('.') + 1);
const modulePart = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('.')));

/** The subject as it reads in a message: the whole expression when short, else its last name. */
export function shortSubject(subject: string): string {
	return subject.length <= 40 ? subject : lastPart(subject) || subject.slice(0, 40);
}

/** Where a moveKeyword fix sends a constructor keyword in V2. */
const FAMILY_TARGETS: Record<string, string> = {
	any: 'run()/streamable_http_app()/sse_app()',
	http: 'run()/streamable_http_app()',
	sse: 'run()/sse_app()',
};

/** The first alternative of a target written as "A / B / C" or "A or B", as code when it is a name or call. */
function replacement(target: string): { text: string; more: boolean } {
	const alternatives = target.split(/\s+\/\s+|\s+or\s+|;\s*/).filter(Boolean);
	const first = alternatives[0] ?? target;
	const asCode = /^[A-Za-z_][\w.]*(\(.*\))?[\w.()]*$/.test(first) ? code(first) : first;
	return { text: asCode, more: alternatives.length > 1 };
}

/** "moved to `mcp.server.mcpserver` in V2", "is `MCPServer` in V2 (mcp.server.mcpserver)", ... */
export function statusPhrase(resolved: Resolved, status: V2Status = resolved.entry.status, isModule = resolved.entry.kind === 'module' && !resolved.derived): string[] {
	const { entry } = resolved;
	if (resolved.removedInV2) {
		return ['removed in V2: no counterpart in mcp 2.0 (see the migration guide)', 'removed in V2: no counterpart in mcp 2.0'];
	}
	const target = (resolved.derived ? resolved.derivedTarget : entry.target) ?? undefined;
	switch (status) {
		case 'unchanged':
			return ['is unchanged in V2'];
		case 'signature_changed':
			return ['changed in V2: check this use against the hover'];
		case 'watch':
			return [`is deprecated after 2.0${entry.since ? ` (${entry.since.replace(/\s*\(.*$/, '')})` : ''}: works in 2.x, breaks in 3.0`, 'is deprecated after 2.0'];
		case 'moved': {
			if (!target) {
				return ['moved in V2'];
			}
			// Its new module when the name stays (a module path with no dot, like `inspect`, is its own
			// module); the full path is in the hover (resolvedDetail).
			const where = !isModule && lastPart(target) === lastPart(resolved.fqn) ? modulePart(target) || target : target;
			return [`moved to ${code(where)} in V2`, 'moved in V2 (see the hover for where)'];
		}
		case 'renamed': {
			const member = fixOf(entry, 'renameMember')?.to ?? fixOf(entry, 'renameKeyword')?.to;
			if (member) {
				return [entry.kind === 'param' ? `is ${code(`${member}=`)} in V2` : `is ${code(`.${member}`)} in V2`];
			}
			if (!target) {
				return ['is renamed in V2'];
			}
			return [`is ${code(lastPart(target))} in V2 (${modulePart(target)})`, `is ${code(lastPart(target))} in V2`];
		}
		case 'added':
			// A V2-only API: works on mcp 2.x, fails on every 1.x release.
			return ['is new in V2 (no mcp 1.x release has it)'];
		case 'removed': {
			const call = fixOf(entry, 'callTarget');
			if (call) {
				return [`removed in V2: use ${code(`${call.function}().${call.attribute}`)}`];
			}
			if (!target) {
				return [entry.kind === 'param' ? 'removed in V2: delete it' : 'removed in V2 with no replacement'];
			}
			const r = replacement(target);
			return [`removed in V2: use ${r.text}${r.more ? ' (or see the hover)' : ''}`, 'removed in V2 (replacement in the hover)'];
		}
	}
	return [String(status)];
}

/** The first candidate that fits in MAX_MESSAGE, else the last (shortest) one. */
export function fit(candidates: string[]): string {
	return candidates.find((c) => c.length <= MAX_MESSAGE) ?? candidates[candidates.length - 1];
}

/** "`subject` <status phrase>", fitted. */
export function verdictMessage(subject: string, resolved: Resolved, status?: V2Status): string {
	const s = code(shortSubject(subject));
	return fit(statusPhrase(resolved, status).map((p) => `${s} ${p}`));
}

/** A keyword argument's message: "`host=` moved to run()/streamable_http_app() in V2". */
export function argumentMessage(keyword: string, entry: KeywordEntry, calleeFqn: string, byPosition: boolean): string {
	const kw = code(`${keyword}=`);
	if (byPosition && entry.status === 'unchanged') {
		return fit([`pass it as ${kw}: V2 reordered ${code(lastPart(calleeFqn))}'s positional parameters`, `pass it as ${kw}: V2 reordered the positional parameters`]);
	}
	const move = fixOf(entry, 'moveKeyword');
	if (entry.status === 'moved' && move) {
		return `${kw} moved to ${FAMILY_TARGETS[move.to] ?? 'run()'} in V2`;
	}
	if (entry.status === 'signature_changed') {
		return `${kw} changed in V2: check the value against the hover`;
	}
	return fit(statusPhrase({ entry, fqn: entry.symbol, derived: false }).map((p) => `${kw} ${p}`));
}

type KeywordEntry = KnowledgeEntry;

/**
 * The hover's explanation of a resolved name: the object the path reaches (a re-export names its
 * defining module), where it lives in V2 when it moved, then the knowledge's own sentence. The short
 * message drops these to stay in the Problems panel's width; the hover has room for them.
 */
export function resolvedDetail(resolved: Resolved): string {
	const { entry } = resolved;
	const parts = [`Resolves to ${code(resolved.fqn)}.`];
	const target = resolved.derived ? resolved.derivedTarget : entry.target;
	if (resolved.removedInV2) {
		parts.push('mcp 2.0 has no counterpart.');
	} else if (target && target !== resolved.fqn && (entry.status === 'moved' || entry.status === 'renamed' || entry.status === 'removed')) {
		parts.push(`In V2: ${/^[A-Za-z_][\w.]*$/.test(target) ? code(target) : target}.`);
	}
	parts.push(entry.message);
	return parts.join(' ');
}
