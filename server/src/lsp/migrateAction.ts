import { LineIndex } from '../analysis/lineIndex';
import type { Engine } from '../engine';
import { migrateToV2 } from '../fixes/migrate';
import type { Settings } from '../settings';
import type { SyncedDocument } from './syncedDocument';
import type { DocumentEdit } from './toDiagnostic';

// The editor side of "Migrate this file to V2" (source.migrateToV2.mcpAuthHints): the engine's
// one-edit migration (fixes/migrate.ts) of an open Python document, as a versioned document edit.
// Not for notebooks (a cell is not a file) and not for choosing when to offer it (lsp/fixAll.ts).

export function migrationEdit(doc: SyncedDocument | undefined, engine: Engine, settings: Settings): DocumentEdit | undefined {
	if (!doc || !doc.isPython) {
		return undefined;
	}
	const text = doc.text;
	const migration = migrateToV2(text, (t) => engine.analyzeText(t, { settings, mcpResolvesV2: true }).findings, (t) => engine.checkSource(t));
	if (!migration) {
		return undefined;
	}
	const range = new LineIndex(text).rangeOf(migration.edit.span);
	return { uri: doc.uri, version: doc.version, range, newText: migration.edit.newText };
}
