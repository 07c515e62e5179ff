// Scenario 4: "Suppress … on this line" adds `# noqa: CODE` and that diagnostic goes away, on an
// import together with the same code on the uses of the name it binds.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeActionsAt, codeOf, log, openFixture, ours, runAction, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

const CODE = 'MCP103';
const SUPPRESS_LINE = new RegExp(`^MCP Auth Hints \\(${CODE}\\): Suppress on this line$`);

suite('4. suppress on this line', () => {
	test(`applying "Suppress ${CODE} on this line" adds # noqa: ${CODE} and the diagnostic disappears`, async () => {
		const { doc } = await openFixture('suppress_target.py');
		await activeExtension();
		const range = tokenRange(doc, /^from mcp\.server\.fastmcp import/m, 'mcp.server.fastmcp');
		const line = range.start.line;
		await waitForDiagnostic(doc, CODE, range);
		// Another code on the same line, which a code-specific noqa must leave alone.
		const otherRange = tokenRange(doc, /^from mcp\.server\.fastmcp import .*$/m, 'FastMCP');
		await waitForDiagnostic(doc, 'MCP101', otherRange);

		const actions = await codeActionsAt(doc.uri, range);
		const suppress = actions.find((a) => SUPPRESS_LINE.test(a.title));
		assert.ok(suppress, `a "Suppress ${CODE} on this line" action among ${JSON.stringify(actions.map((a) => a.title))}`);
		await runAction(suppress);

		await waitFor(`# noqa: ${CODE} on line ${line + 1}`, () =>
			new RegExp(`#\\s*noqa:[^\\n]*\\b${CODE}\\b`).test(doc.lineAt(line).text) ? true : undefined);
		log(`line ${line + 1} now reads ${JSON.stringify(doc.lineAt(line).text)}`);
		assert.ok(doc.lineAt(line).text.startsWith('from mcp.server.fastmcp import FastMCP'), 'the code on the line is unchanged');

		await waitFor(() => `${CODE} on line ${line + 1} to disappear; have ${summary(doc)}`,
			() => (ours(doc.uri).some((d) => codeOf(d) === CODE && d.range.start.line === line) ? undefined : true));
		// The other findings of the line are still there (the suppression is per code).
		await waitForDiagnostic(doc, 'MCP101', tokenRange(doc, /^from mcp\.server\.fastmcp import .*$/m, 'FastMCP'));
		// A noqa on an import covers the uses of the name it binds: the FastMCP(...) callee loses its
		// MCP103 too; other names' findings stay (MCP100 on the AuthSettings(...) use).
		const callee = tokenRange(doc, /\bFastMCP\(/, 'FastMCP');
		await waitFor(() => `${CODE} on the FastMCP(...) use to disappear; have ${summary(doc)}`,
			() => (ours(doc.uri).some((d) => codeOf(d) === CODE && d.range.isEqual(callee)) ? undefined : true));
		await waitForDiagnostic(doc, 'MCP100', tokenRange(doc, /auth=AuthSettings\(/, 'AuthSettings'));
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.files.saveAll');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
