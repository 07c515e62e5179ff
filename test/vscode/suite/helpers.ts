// Shared helpers for the real-VS-Code scenarios. Only the `vscode` API; no fixed sleeps.
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mcp-auth-hints.mcp-auth-hints';
export const SOURCE = 'mcp-auth-hints';
export const CONFIG_SECTION = 'mcpAuthHints';

const suiteStart = Date.now();

export function log(message: string): void {
	console.log(`[vscode-test +${Date.now() - suiteStart}ms] ${message}`);
}

/**
 * Calls `probe` every 100 ms until it returns something other than undefined (or throws nothing);
 * fails after `timeoutMs` with `what` and the last probe error, if any.
 */
export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const start = Date.now();
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) {
				return value;
			}
			lastError = undefined;
		} catch (err) {
			lastError = err;
		}
		if (Date.now() - start >= timeoutMs) {
			const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
			const label = typeof what === 'function' ? what() : what;
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${detail}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

export function workspaceFolder(): vscode.WorkspaceFolder {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'a workspace folder is open (the fresh copy of test/fixtures/vscode-workspace)');
	return folder;
}

export function fixtureUri(name: string): vscode.Uri {
	return vscode.Uri.joinPath(workspaceFolder().uri, name);
}

export async function openFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
	const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
	const editor = await vscode.window.showTextDocument(doc, { preview: false });
	return { doc, editor };
}

/** `Diagnostic.code` is a primitive or `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
	const c = d.code;
	if (c === undefined) {
		return undefined;
	}
	return typeof c === 'object' ? String(c.value) : String(c);
}

export function targetOf(d: vscode.Diagnostic): vscode.Uri | undefined {
	const c = d.code;
	return typeof c === 'object' && c !== null ? c.target : undefined;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function fmtRange(r: vscode.Range): string {
	return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function describe(d: vscode.Diagnostic, doc?: vscode.TextDocument): string {
	const text = doc ? ` ${JSON.stringify(doc.getText(d.range))}` : '';
	return `${codeOf(d)}@${fmtRange(d.range)}${text} [${vscode.DiagnosticSeverity[d.severity]}]`;
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The range of `token` inside the `nth` match of `anchor` in the document text: the anchor picks
 * the place (an import line, a call), the token is the word the diagnostic must cover exactly.
 * Ranges are always computed from the current text, never hard-coded.
 */
export function tokenRange(doc: vscode.TextDocument, anchor: RegExp, token: string, nth = 0): vscode.Range {
	const text = doc.getText();
	const flags = anchor.flags.includes('g') ? anchor.flags : `${anchor.flags}g`;
	const re = new RegExp(anchor.source, flags);
	const matches = [...text.matchAll(re)];
	const m = matches[nth];
	assert.ok(m && m.index !== undefined, `anchor ${anchor} (match #${nth}) found in ${doc.uri.path}`);
	const tokenRe = new RegExp(`(?<!\\w)${escapeRegExp(token)}(?!\\w)`);
	const inner = tokenRe.exec(m[0]);
	assert.ok(inner, `token ${JSON.stringify(token)} inside ${JSON.stringify(m[0])}`);
	const start = m.index + inner.index;
	return new vscode.Range(doc.positionAt(start), doc.positionAt(start + token.length));
}

/** Waits until the document has a diagnostic of ours with this code at exactly this range. */
export function waitForDiagnostic(doc: vscode.TextDocument, code: string, range: vscode.Range, timeoutMs?: number): Promise<vscode.Diagnostic> {
	return waitFor(() => `${code} at ${fmtRange(range)} (${JSON.stringify(doc.getText(range))}) in ${doc.uri.path}; have ${summary(doc)}`,
		() => ours(doc.uri).find((d) => codeOf(d) === code && d.range.isEqual(range)), timeoutMs);
}

export function summary(doc: vscode.TextDocument): string {
	return `[${ours(doc.uri).map((d) => describe(d, doc)).join(', ')}]`;
}

/**
 * Code actions at a range (no kind filter, so every action the server offers), with lazily
 * resolved edits resolved. A bare Command in the result is wrapped as a CodeAction.
 */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
	const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
		'vscode.executeCodeActionProvider', uri, range, undefined, 100);
	return (result ?? []).map((a) => {
		if (typeof (a as vscode.Command).command === 'string') {
			const action = new vscode.CodeAction(a.title);
			action.command = a as vscode.Command;
			return action;
		}
		return a as vscode.CodeAction;
	});
}

export async function runAction(action: vscode.CodeAction): Promise<void> {
	if (action.edit) {
		const ok = await vscode.workspace.applyEdit(action.edit);
		assert.ok(ok, `workspace.applyEdit for "${action.title}" succeeded`);
	}
	if (action.command) {
		await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
	}
	assert.ok(action.edit || action.command, `"${action.title}" has an edit or a command`);
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	assert.ok(ext, `extension ${EXTENSION_ID} is installed (extensionDevelopmentPath)`);
	await waitFor(`${EXTENSION_ID} to activate`, () => (ext.isActive ? true : undefined));
	return ext;
}

/** Tabs showing VS Code's Markdown preview (a webview), with their labels. */
export function previewTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
		.filter((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
}

/** URIs of every text tab (editable or not) open in any group. */
export function textTabUris(): vscode.Uri[] {
	return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
		.flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri] : []));
}

/** Waits for a Markdown preview tab whose label mentions `name`. */
export function waitForPreview(name: string): Promise<vscode.Tab> {
	return waitFor(() => `a Markdown preview of ${name}; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`,
		() => previewTabs().find((t) => t.label.includes(name)));
}

/** What the extension exports for these tests (client/src/extension.ts ExtensionApi). */
export interface ExtensionApi {
	status(): { text: string; detail: string | undefined };
}
