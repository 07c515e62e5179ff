import { collectAuthWiring, type AuthWiringFact } from './authWiring';
import type { FileContext } from './context';
import { collectHttpFacts, type HttpFacts } from './http';
import { collectImportFacts, type ImportFacts } from './imports';
import { collectResourceFacts, type ResourceFacts } from './resources';
import { collectUseFacts, type UseFacts } from './uses';

// One file's facts, each family collected on first request and kept for the rest of the analysis,
// so every rule that reads uses or imports shares one collection (and a file whose enabled rules
// need no resources facts never pays for them). Lives as long as one analysis: no module state.

export class FileFacts {
	private importFacts?: ImportFacts;
	private useFacts?: UseFacts;
	private resourceFacts?: ResourceFacts;
	private httpFacts?: HttpFacts;
	private authWiringFacts?: AuthWiringFact[];

	constructor(private readonly ctx: () => FileContext) {}

	imports(): ImportFacts {
		return this.importFacts ??= collectImportFacts(this.ctx());
	}

	uses(): UseFacts {
		return this.useFacts ??= collectUseFacts(this.ctx());
	}

	resources(): ResourceFacts {
		return this.resourceFacts ??= collectResourceFacts(this.ctx());
	}

	http(): HttpFacts {
		return this.httpFacts ??= collectHttpFacts(this.ctx());
	}

	authWiring(): AuthWiringFact[] {
		return this.authWiringFacts ??= collectAuthWiring(this.ctx());
	}
}
