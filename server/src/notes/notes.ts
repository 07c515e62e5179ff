import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

// The migration notes ship inside the extension (server/notes/*.md, copied to dist/notes/ by the
// build) so hovers and "Open V2 note" work offline. Only ids of the knowledge file's shape are
// accepted, so a note id coming back from a client can never name a path outside the folder.

const NOTE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** dist/notes next to the bundle, or server/notes when running from source (tsx). */
export function defaultNotesDir(): string {
	const candidates = [path.join(__dirname, 'notes'), path.join(__dirname, '..', '..', 'notes')];
	return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

export class NoteStore {
	private readonly summaries = new Map<string, string | undefined>();

	constructor(readonly dir: string = defaultNotesDir()) {}

	/** Absolute path of the note, or undefined for an invalid id or a missing file. */
	pathOf(id: string): string | undefined {
		if (!NOTE_ID.test(id)) {
			return undefined;
		}
		const file = path.join(this.dir, `${id}.md`);
		return fs.existsSync(file) ? file : undefined;
	}

	uriOf(id: string): string | undefined {
		const file = this.pathOf(id);
		return file ? pathToFileURL(file).href : undefined;
	}

	/** The note's summary (see `extractSummary`), read once per id. */
	summary(id: string): string | undefined {
		if (this.summaries.has(id)) {
			return this.summaries.get(id);
		}
		const file = this.pathOf(id);
		let summary: string | undefined;
		if (file) {
			try {
				summary = extractSummary(fs.readFileSync(file, 'utf8'));
			} catch {
				summary = undefined;
			}
		}
		this.summaries.set(id, summary);
		return summary;
	}
}

/** The first paragraph under the note's "## What changed" heading, its lines joined by spaces. */
export function extractSummary(markdown: string): string | undefined {
	const lines = markdown.split(/\r\n|\r|\n/);
	const heading = lines.findIndex((l) => /^##\s+What changed\s*#*\s*$/i.test(l.trim()));
	if (heading === -1) {
		return undefined;
	}
	const paragraph: string[] = [];
	for (const raw of lines.slice(heading + 1)) {
		const line = raw.trim();
		if (line.startsWith('#')) {
			break;
		}
		if (line === '') {
			if (paragraph.length > 0) {
				break;
			}
			continue;
		}
		paragraph.push(line);
	}
	return paragraph.length > 0 ? paragraph.join(' ') : undefined;
}
