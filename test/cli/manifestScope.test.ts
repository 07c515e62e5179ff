import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

// MCP301 speaks for the code next to its manifest and below it: in a folder of several projects,
// each with its own pyproject.toml (the SDK's own examples/ is laid out so), one project's V1
// leftovers must not make another project's open `mcp` requirement a warning.

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-auth-hints-scope-'));
	dirs.push(root);
	for (const [rel, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		fs.writeFileSync(path.join(root, rel), text);
	}
	return root;
}

const PYPROJECT = '[project]\nname = "p"\ndependencies = ["mcp"]\n';

describe('MCP301 per manifest', () => {
	it('counts only the V1 leftovers under the manifest\'s own folder', () => {
		const root = tree({
			'legacy/pyproject.toml': PYPROJECT,
			'legacy/server.py': 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("x", port=8000)\n',
			'migrated/pyproject.toml': PYPROJECT,
			'migrated/server.py': 'from mcp.server.mcpserver import MCPServer\n\nmcp = MCPServer("x")\n',
		});
		const run = runCli(['scan', '--format', 'json', '--fail-on', 'never', '--no-cache'], root);
		const report = JSON.parse(run.stdout) as { diagnostics: { file: string; code: string }[] };
		const pins = report.diagnostics.filter((d) => d.code === 'MCP301').map((d) => d.file);
		assert.deepEqual(pins, [path.join('legacy', 'pyproject.toml')]);
	});
});
