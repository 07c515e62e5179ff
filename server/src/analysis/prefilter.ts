// Every API the rules know lives under a module path that contains "mcp" (mcp.*, agents.mcp,
// anthropic.lib.tools.mcp), and Python can only reach it through an import statement or an
// importlib call that spells that path out. A file without the substring cannot produce a finding,
// so it is not parsed at all: this is what keeps whole-workspace scans near the read-all-files floor.
export function mightMatch(text: string): boolean {
	return text.includes('mcp');
}
