import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_JS } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/lspClient';

// SARIF rule help for code scanning: every rule carries its page (docs/rules/<CODE>.md) inline as
// help.markdown and help.text, bundled at build time, so a copy of dist/ alone (no docs/ next to
// it, as after `npm install -g` of a tarball) still has it. Not the SARIF schema check (formats.test.ts).

interface SarifRule { id: string; name: string; helpUri?: string; help?: { text: string; markdown: string } }

const copies: string[] = [];
after(() => copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function sarifFromCopiedDist(): SarifRule[] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-dist-'));
	copies.push(dir);
	fs.cpSync(path.dirname(CLI_JS), path.join(dir, 'dist'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'a.py'), 'from mcp.server.fastmcp import FastMCP\n');
	const run = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli.js'), 'scan', '--format', 'sarif', 'a.py'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
	assert.equal(run.status, 1, run.stderr);
	return (JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: SarifRule[] } } }[] }).runs[0].tool.driver.rules;
}

describe('SARIF rule help', () => {
	it('holds every rule page inline, as Markdown and as plain text, from dist/ alone', () => {
		const rules = sarifFromCopiedDist();
		const pages = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter((n) => /^MCP\d+\.md$/.test(n)).map((n) => n.slice(0, -3)).sort();
		assert.deepEqual(rules.map((r) => r.id).sort(), pages);
		for (const rule of rules) {
			const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
			assert.equal(rule.help?.markdown, page.trim(), rule.id);
			assert.ok(page.startsWith(`# ${rule.name} (${rule.id})`), `${rule.id}: name ${rule.name}`);
			// Plain text: the words of the page without its Markdown syntax.
			assert.match(rule.help!.text, /What it does/, rule.id);
			assert.doesNotMatch(rule.help!.text, /^## |```/m, rule.id);
		}
	});

	it('gives no helpUri at a placeholder host', () => {
		const rules = sarifFromCopiedDist();
		assert.ok(rules.every((r) => r.helpUri === undefined || !/example\.invalid/.test(r.helpUri)), JSON.stringify(rules.map((r) => r.helpUri)));
	});
});
