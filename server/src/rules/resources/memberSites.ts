import type { Fix } from '../../analysis/model';
import type { FileContext } from '../../facts/context';
import type { ResourceSiteFact } from '../../facts/resources';
import type { Resolved } from '../../knowledge';
import type { ReportFn } from '../rule';

// The shape the member-site resources rules share: every typed member site whose knowledge entry
// names the rule gets one report on the member's name, with the rule's own wording and fixes.
// Which members belong to which rule is data (resources.json `rule`); the code comes from the
// caller's metadata, so this module names none.

export function reportMemberSites(
	ctx: FileContext, report: ReportFn, code: string,
	message: (site: ResourceSiteFact, resolved: Resolved) => string,
	fixes?: (site: ResourceSiteFact, resolved: Resolved) => Fix[] | undefined,
): void {
	for (const site of ctx.facts.resources().sites) {
		for (const { resolved } of site.members) {
			const { entry } = resolved;
			if (entry.rule !== code) {
				continue;
			}
			report({
				span: { start: site.id.startIndex, end: site.id.endIndex },
				message: message(site, resolved),
				detail: entry.message,
				symbol: resolved.fqn,
				status: entry.status,
				noteId: entry.note,
				href: entry.href,
				fixes: fixes?.(site, resolved),
			});
		}
	}
}
