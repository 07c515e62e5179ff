import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

// One grammar load per process: web-tree-sitter's runtime and the tree-sitter-python grammar are
// an ABI pair (runtime >= 0.25 needs an ABI-15 grammar; tree-sitter-python@0.25.0 ships one), so
// both are pinned exactly in package.json and located together here.

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

/** Where the two .wasm files are: next to the bundle (dist/) or in node_modules (tests, tsx). */
export function defaultWasmDir(): string {
	const candidates = [
		__dirname,
		path.join(__dirname, '..'),
		path.join(__dirname, 'wasm'),
	];
	for (const dir of candidates) {
		if (fs.existsSync(path.join(dir, PYTHON_WASM)) && fs.existsSync(path.join(dir, RUNTIME_WASM))) {
			return dir;
		}
	}
	return '';
}

function resolveWasm(dir: string, file: string): string {
	if (dir) {
		return path.join(dir, file);
	}
	// Development and tests: straight from the pinned packages.
	if (file === PYTHON_WASM) {
		return require.resolve('tree-sitter-python/tree-sitter-python.wasm');
	}
	return path.join(path.dirname(require.resolve('web-tree-sitter')), RUNTIME_WASM);
}

let loading: Promise<Language> | undefined;

export function loadPython(wasmDir = defaultWasmDir()): Promise<Language> {
	if (!loading) {
		loading = (async () => {
			const runtime = resolveWasm(wasmDir, RUNTIME_WASM);
			await Parser.init({ locateFile: () => runtime });
			return Language.load(fs.readFileSync(resolveWasm(wasmDir, PYTHON_WASM)));
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
