// What the benchmark needs from the engine, bundled by bench/lib.mjs (esbuild, the same way
// scripts/build.mjs bundles the CLI and the server) into bench/.build/engine.cjs.
export { Engine, EngineDocument } from '../server/src/engine';
export { createParser, loadPython } from '../server/src/analysis/parser';
export { mightMatch } from '../server/src/analysis/prefilter';
