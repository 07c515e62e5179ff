// The `process` global of the web worker bundle (injected by scripts/build.mjs): the few fields the
// shared server code and path-browserify read. It must not look like node: web-tree-sitter checks
// `process.versions.node` to decide whether to use `fs`. NOT an emulation of node's process.

export const process = {
	version: 'none (web worker)',
	versions: {} as Record<string, string>,
	platform: 'browser',
	env: {} as Record<string, string | undefined>,
	cwd: (): string => '/',
};
