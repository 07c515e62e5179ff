// Type of the build-time module scripts/build.mjs provides (its `rulePages` plugin): the text of
// every docs/rules/<CODE>.md, keyed by rule code. Not a runtime file read: dist/ carries the text.
declare module 'mcp-auth-hints:rule-pages' {
	export const RULE_PAGES: Readonly<Record<string, string>>;
}
