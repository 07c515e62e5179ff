// Scenario 7: edits re-publish diagnostics that track the new text, with nothing stale left.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, describe, log, openFixture, ours, summary, tokenRange, waitFor, waitForDiagnostic } from './helpers';

/** A diagnostic as code + range, comparable across re-publications. */
type Key = string;

function keyOf(code: string | undefined, r: vscode.Range): Key {
	return `${code}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function currentKeys(doc: vscode.TextDocument): Key[] {
	return ours(doc.uri).map((d) => keyOf(codeOf(d), d.range)).sort();
}

function sameSet(a: Key[], b: Key[]): boolean {
	return a.length === b.length && a.every((k, i) => k === b[i]);
}

suite('7. editing keeps diagnostics in sync', () => {
	test('inserting a line shifts every finding; deleting the TokenVerifier import removes its findings', async () => {
		const { doc, editor } = await openFixture('edit_tracking.py');
		await activeExtension();
		const importRe = /^from mcp\.server\.auth\.provider import TokenVerifier$/m;
		await waitForDiagnostic(doc, 'MCP101', tokenRange(doc, importRe, 'TokenVerifier'));
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /\bport=/, 'port'));
		const before = ours(doc.uri);
		log(`before: ${before.map((d) => describe(d, doc)).join(', ')}`);

		// 1. Insert a line at the top: every finding moves down by exactly one line.
		const shifted = before.map((d) => keyOf(codeOf(d), new vscode.Range(
			d.range.start.translate(1), d.range.end.translate(1)))).sort();
		const inserted = await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# inserted by the test: shifts everything down\n'));
		assert.ok(inserted, 'the insert edit applied');
		await waitFor(() => `every finding to move down one line; expected [${shifted.join(', ')}], have ${summary(doc)}`,
			() => (sameSet(currentKeys(doc), shifted) ? true : undefined));
		for (const d of ours(doc.uri)) {
			const old = before.find((o) => codeOf(o) === codeOf(d) && o.range.start.translate(1).isEqual(d.range.start));
			assert.ok(old, `${describe(d, doc)} corresponds to a finding from before the insert`);
		}

		// 2. Delete the whole `from mcp.server.auth.provider import TokenVerifier` line.
		const importLine = tokenRange(doc, importRe, 'TokenVerifier').start.line;
		const afterShift = ours(doc.uri);
		const expected = afterShift
			.filter((d) => d.range.start.line !== importLine)
			.map((d) => (d.range.start.line > importLine
				? keyOf(codeOf(d), new vscode.Range(d.range.start.translate(-1), d.range.end.translate(-1)))
				: keyOf(codeOf(d), d.range)))
			.sort();
		const removed = afterShift.filter((d) => d.range.start.line === importLine);
		assert.ok(removed.some((d) => codeOf(d) === 'MCP101'), 'the TokenVerifier import had an MCP101 to remove');
		const deleted = await editor.edit((b) => b.delete(doc.lineAt(importLine).rangeIncludingLineBreak));
		assert.ok(deleted, 'the delete edit applied');
		assert.ok(!importRe.test(doc.getText()), 'the TokenVerifier import is gone from the text');
		await waitFor(() => `the import's findings to go and the rest to move up; expected [${expected.join(', ')}], have ${summary(doc)}`,
			() => (sameSet(currentKeys(doc), expected) ? true : undefined));

		// Every remaining finding still sits on the token it was about (no stale ranges).
		for (const d of ours(doc.uri)) {
			const text = doc.getText(d.range);
			assert.ok(/^[A-Za-z_][\w.]*$/.test(text), `${describe(d, doc)} covers an identifier or dotted name`);
		}
		await waitForDiagnostic(doc, 'MCP104', tokenRange(doc, /\bport=/, 'port'));
		await waitForDiagnostic(doc, 'MCP101', tokenRange(doc, /^from mcp\.server\.auth\.settings import .*$/m, 'AuthSettings'));
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
