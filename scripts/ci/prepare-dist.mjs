// npm's `prepare` hook: builds dist/ when it is missing, so the repository installs from a clean
// clone the ways a user or a tool does it (`npm install -g <git URL>`, pre-commit's node language,
// which runs `npm install` then `npm pack` in its clone). With dist/cli.js present it does nothing,
// so installing a packed tarball (dist/ inside) never needs the build tools. NOT the build itself
// (scripts/build.mjs) and not a way to refresh a stale dist/ (`npm run build` does that).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
	process.exit(0);
}
if (!fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
	console.error('mcp-auth-hints: dist/ is missing and esbuild (a devDependency) is not installed, so it cannot be built; run `npm install` with dev dependencies, or install a packed tarball.');
	process.exit(1);
}
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
