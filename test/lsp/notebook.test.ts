import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspClient, waitFor } from '../helpers/lspClient';
import { codesAt, rangeOf } from '../helpers/text';

// A notebook is analysed as a whole: an import in one cell resolves a use in another, and each
// finding is reported on the cell it is in, with a range relative to that cell.

const NOTEBOOK = 'file:///work/nb.ipynb';
const cellUri = (n: number) => `vscode-notebook-cell:/work/nb.ipynb#C${n}`;
const CELL1 = 'from mcp.server.fastmcp import FastMCP, Context\r\n# ünïcode 🎉\n';
const CELL2 = '# setup\nmcp = FastMCP("demo", port=8000)\n';
const MARKDOWN = '# Notes about `from mcp.server.fastmcp import FastMCP`';
const CELL3 = '@mcp.tool()\ndef whoami(ctx: Context) -> str:\n    return ctx.client_id\n';

describe('notebooks', () => {
	let client: LspClient;
	before(async () => {
		client = await LspClient.start({ settings: { debounceMs: 0 } });
		client.notify('notebookDocument/didOpen', {
			notebookDocument: {
				uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 1,
				cells: [
					{ kind: 2, document: cellUri(1) },
					{ kind: 2, document: cellUri(2) },
					{ kind: 1, document: cellUri(9) },
					{ kind: 2, document: cellUri(3) },
				],
			},
			cellTextDocuments: [
				{ uri: cellUri(1), languageId: 'python', version: 1, text: CELL1 },
				{ uri: cellUri(2), languageId: 'python', version: 1, text: CELL2 },
				{ uri: cellUri(9), languageId: 'markdown', version: 1, text: MARKDOWN },
				{ uri: cellUri(3), languageId: 'python', version: 1, text: CELL3 },
			],
		});
	});
	after(() => client.stop());

	it('reports the import on cell 1 and its uses on cells 2 and 3, with cell-relative ranges', async () => {
		const first = await client.diagnostics(cellUri(1));
		assert.deepEqual(codesAt(first, rangeOf(CELL1, 'mcp.server.fastmcp')), ['MCP103']);
		assert.deepEqual(codesAt(first, rangeOf(CELL1, 'FastMCP')), ['MCP101']);

		const second = await client.diagnostics(cellUri(2));
		assert.deepEqual(codesAt(second, rangeOf(CELL2, 'FastMCP')), ['MCP103']);
		assert.deepEqual(codesAt(second, rangeOf(CELL2, 'port')), ['MCP104']);

		const third = await client.diagnostics(cellUri(3));
		assert.deepEqual(codesAt(third, rangeOf(CELL3, 'client_id')), ['MCP105']);
		assert.deepEqual(await client.diagnostics(cellUri(9)), [], 'markdown cells are not Python');
	});

	it('re-maps every cell when an edit in cell 1 changes what the others mean', async () => {
		const before = await client.pull(cellUri(3));
		assert.equal(before.kind, 'full');
		// Remove the import: FastMCP and Context in cells 2 and 3 are no longer the SDK's.
		client.notify('notebookDocument/didChange', {
			notebookDocument: { uri: NOTEBOOK, version: 2 },
			change: {
				cells: {
					textContent: [{
						document: { uri: cellUri(1), version: 2 },
						changes: [{ range: rangeOf(CELL1, 'from mcp.server.fastmcp import FastMCP, Context'), text: 'import os' }],
					}],
				},
			},
		});
		const refreshesBefore = client.refreshRequests;
		assert.deepEqual(await client.diagnostics(cellUri(1)), []);
		await waitFor(() => client.refreshRequests > refreshesBefore, 'a refresh for the other cells');
		const after = await client.pull(cellUri(3), before.resultId);
		assert.deepEqual(after.kind === 'full' && after.items, []);
	});
});
