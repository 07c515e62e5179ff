import type { SymbolOracle } from '../analysis/values';
import type { Knowledge } from './index';

// The knowledge seen through the narrow interface the data-flow layer asks for (analysis/values.ts):
// what a name is, what a member returns, how a name is spelled canonically. Not a verdict source:
// rules read verdicts from the Knowledge itself.

export function knowledgeOracle(knowledge: Knowledge): SymbolOracle {
	return {
		resolve(fqn) {
			const found = knowledge.resolve(fqn);
			if (!found || found.derived) {
				return undefined;
			}
			const { kind, returns } = found.entry;
			return { fqn: found.fqn, isClass: kind === 'class' || kind === 'protocol', returns };
		},
		member(classFqn, name) {
			const found = knowledge.anyMember(classFqn, name);
			if (!found) {
				return undefined;
			}
			const { kind, returns } = found.entry;
			return { fqn: found.fqn, isData: kind === 'property' || kind === 'attribute', returns };
		},
		canonical: (fqn) => knowledge.canonicalOf(fqn),
	};
}
