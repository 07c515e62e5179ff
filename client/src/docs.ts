import { commands, Disposable, EventEmitter, TabInputText, TextDocumentContentProvider, Uri, window, workspace } from 'vscode';

// Read-only documents of the extension, shown in VS Code's Markdown preview: the migration notes
// and rule pages bundled in the install folder, and the documents the extension generates (the
// report, the debug info). They live under their own URI scheme, served by a
// TextDocumentContentProvider, so no editor ever holds an editable copy of an installed file and
// closing one never asks "save changes?". Reads go through workspace.fs, so the web client can
// share this module. Not for deciding what a document says (the server writes notes, report and
// debug info) nor for opening workspace files.

export const DOC_SCHEME = 'mcp-auth-hints';

/** Note ids and rule codes are the knowledge's shapes: nothing else may become a path. */
const NOTE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const RULE_CODE = /^MCP\d{3}$/;

export function noteUri(id: string): Uri | undefined {
	return NOTE_ID.test(id) ? Uri.from({ scheme: DOC_SCHEME, path: `/notes/${id}.md` }) : undefined;
}

export function ruleUri(code: string): Uri | undefined {
	return RULE_CODE.test(code) ? Uri.from({ scheme: DOC_SCHEME, path: `/rules/${code}.md` }) : undefined;
}

/** Where the bundled file of a note or rule page is, relative to the extension root. */
function bundledPath(uri: Uri): string[] | undefined {
	const note = /^\/notes\/([a-z0-9-]+)\.md$/.exec(uri.path);
	if (note && NOTE_ID.test(note[1])) {
		return ['dist', 'notes', `${note[1]}.md`];
	}
	const rule = /^\/rules\/(MCP\d{3})\.md$/.exec(uri.path);
	if (rule) {
		return ['docs', 'rules', `${rule[1]}.md`];
	}
	return undefined;
}

export class ReadOnlyDocs implements TextDocumentContentProvider, Disposable {
	private readonly generated = new Map<string, string>();
	private readonly changed = new EventEmitter<Uri>();
	readonly onDidChange = this.changed.event;

	constructor(private readonly extensionUri: Uri) {}

	/** Publishes (or replaces) a generated document at `/<name>` and returns its URI. */
	set(name: string, text: string): Uri {
		const uri = Uri.from({ scheme: DOC_SCHEME, path: `/${name}` });
		this.generated.set(uri.path, text);
		this.changed.fire(uri);
		return uri;
	}

	async provideTextDocumentContent(uri: Uri): Promise<string> {
		const generated = this.generated.get(uri.path);
		if (generated !== undefined) {
			return generated;
		}
		const bundled = bundledPath(uri);
		if (!bundled) {
			return `# Not found\n\nMCP Auth Hints has no document at \`${uri.path}\`.\n`;
		}
		try {
			return new TextDecoder().decode(await workspace.fs.readFile(Uri.joinPath(this.extensionUri, ...bundled)));
		} catch {
			return `# Not found\n\nThe bundled page \`${bundled.join('/')}\` is missing from this installation.\n`;
		}
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** Shows a Markdown document rendered (read-only preview), not as text. */
export async function showPreview(uri: Uri): Promise<void> {
	await commands.executeCommand('markdown.showPreview', uri);
}

/**
 * The provider, plus the swap that keeps our documents out of text editors: a link to one of them
 * (a diagnostic's documentation link, a link inside a note) opens a text editor, which is replaced
 * by the rendered preview of the same document.
 */
export function registerReadOnlyDocs(extensionUri: Uri): { docs: ReadOnlyDocs; disposables: Disposable[] } {
	const docs = new ReadOnlyDocs(extensionUri);
	const swapping = new Set<string>();
	const swap = async (uri: Uri): Promise<void> => {
		const key = uri.toString();
		if (swapping.has(key)) {
			return;
		}
		swapping.add(key);
		try {
			await showPreview(uri);
			const tabs = window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof TabInputText && t.input.uri.toString() === key);
			await window.tabGroups.close(tabs);
		} finally {
			swapping.delete(key);
		}
	};
	return {
		docs,
		disposables: [
			docs,
			workspace.registerTextDocumentContentProvider(DOC_SCHEME, docs),
			window.onDidChangeVisibleTextEditors((editors) => {
				for (const editor of editors) {
					if (editor.document.uri.scheme === DOC_SCHEME) {
						void swap(editor.document.uri);
					}
				}
			}),
		],
	};
}
