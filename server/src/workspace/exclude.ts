import ignore from 'ignore';

// The `mcpAuthHints.exclude` setting: glob patterns with .gitignore syntax, matched against a path
// relative to the workspace folder (editor) or the current directory (CLI), forward slashes.

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
