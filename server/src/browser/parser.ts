import { Language, Parser } from 'web-tree-sitter';

// The web worker's stand-in for server/src/analysis/parser.ts: scripts/build.mjs points the web
// server bundle's imports of that module here, so the engine is the same code on both hosts and
// only the way the two .wasm files arrive differs. A worker cannot read the extension folder, so
// the web client reads both files from the extension's URI and posts their bytes to the worker
// (main.ts hands them to `provideWasm` before the connection starts). NOT loaded by the node
// server, the CLI or the tests that run from source.

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

let bytes: { runtime: Uint8Array; grammar: Uint8Array } | undefined;
let loading: Promise<Language> | undefined;

/** The two .wasm files' bytes, from the client's first message. */
export function provideWasm(runtime: ArrayBuffer, grammar: ArrayBuffer): void {
	bytes = { runtime: new Uint8Array(runtime), grammar: new Uint8Array(grammar) };
}

/** The node version's folder lookup has no meaning here: the bytes come from the client. */
export function defaultWasmDir(): string {
	return '';
}

export function loadPython(_wasmDir?: string): Promise<Language> {
	if (!loading) {
		loading = (async () => {
			if (!bytes) {
				throw new Error('the web client did not send the parser (.wasm) to the worker');
			}
			// Emscripten takes the runtime's bytes as `wasmBinary`, so it never fetches a URL.
			await Parser.init({ wasmBinary: bytes.runtime } as unknown as Parameters<typeof Parser.init>[0]);
			return Language.load(bytes.grammar);
		})();
		loading.catch(() => {
			loading = undefined;
		});
	}
	return loading;
}

export function createParser(language: Language): Parser {
	const parser = new Parser();
	parser.setLanguage(language);
	return parser;
}
