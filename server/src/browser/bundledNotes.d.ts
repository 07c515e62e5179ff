// The virtual module scripts/build.mjs generates for the web worker bundle: every server/notes/*.md
// as text, keyed by note id. Declared here so the worker's sources type-check; NOT a real file.
declare module 'mcp-auth-hints:notes' {
	export const NOTES: Readonly<Record<string, string>>;
}
