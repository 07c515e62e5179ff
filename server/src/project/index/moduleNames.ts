import * as path from 'path';

// Module names of project files: `pkg/auth.py` under its import root is `pkg.auth`,
// `pkg/__init__.py` is `pkg`. Where the import root is comes from workspace/localModules.ts
// (the folder above a file's outermost package). Not the place for resolving imports.

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/** The dotted module name of `file` relative to `importRoot`, or undefined when it is not importable. */
export function moduleNameOf(file: string, importRoot: string): string | undefined {
	const rel = path.relative(importRoot, file);
	if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || !rel.endsWith('.py')) {
		return undefined;
	}
	const parts = rel.slice(0, -3).split(path.sep);
	if (parts[parts.length - 1] === '__init__') {
		parts.pop();
	}
	return parts.length > 0 && parts.every((p) => IDENTIFIER.test(p)) ? parts.join('.') : undefined;
}

export { resolveRelative } from '../../analysis/values';
