import * as path from 'path';
import ignore from 'ignore';
import { toPosix } from './gitignore';

// The one exclude policy of the CLI, the workspace scan and open documents: `mcpAuthHints.exclude`
// (and, in the editor, `files.exclude`) as glob patterns with .gitignore syntax, matched against a
// path relative to a base folder (the workspace folder in the editor, the current directory in the
// CLI), forward slashes. Paths outside the base are never excluded by it.

export type ExcludeMatcher = (relativePath: string) => boolean;

export function createExcludeMatcher(patterns: readonly string[]): ExcludeMatcher {
	if (patterns.length === 0) {
		return () => false;
	}
	const rules = ignore().add(patterns.filter((p) => p.trim().length > 0));
	return (relativePath) => {
		if (relativePath === '' || relativePath.startsWith('../') || relativePath.startsWith('/')) {
			return false;
		}
		return rules.ignores(relativePath);
	};
}

/** The policy on absolute paths: `patterns` relative to `base`. */
export function createPathExcluder(base: string, patterns: readonly string[]): (absPath: string) => boolean {
	const matcher = createExcludeMatcher(patterns);
	return (absPath) => matcher(toPosix(path.relative(base, absPath)));
}

/** `**\/*.{pyc,pyo}` → two patterns: VS Code globs (files.exclude) allow braces, .gitignore patterns do not. */
export function expandBraces(glob: string): string[] {
	const m = /\{([^{}]*)\}/.exec(glob);
	if (!m) {
		return [glob];
	}
	return m[1].split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}
