import { NOTES } from 'mcp-auth-hints:notes';
import { NOTE_SCHEME } from '../common/webProtocol';
import { extractSummary, NoteStore } from '../notes/notes';

// The migration notes in the web worker: bundled as text (scripts/build.mjs reads server/notes/*.md
// at build time) because a worker has no folder to read them from. A note opens as
// `mcp-auth-hints-note:/<id>.md`, a read-only document the web client fills from NOTE_TEXT_REQUEST.
// NOT used by the node server, which opens the files copied to dist/notes.

const NOTE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class BundledNoteStore extends NoteStore {
	constructor(private readonly notes: Readonly<Record<string, string>> = NOTES) {
		super('');
	}

	override pathOf(): undefined {
		return undefined;
	}

	override uriOf(id: string): string | undefined {
		return this.text(id) === undefined ? undefined : `${NOTE_SCHEME}:/${id}.md`;
	}

	override summary(id: string): string | undefined {
		const text = this.text(id);
		return text === undefined ? undefined : extractSummary(text);
	}

	/** The note's Markdown, or undefined for an unknown or malformed id. */
	text(id: string): string | undefined {
		return NOTE_ID.test(id) && Object.hasOwn(this.notes, id) ? this.notes[id] : undefined;
	}
}
