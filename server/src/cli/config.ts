import * as fs from 'fs';
import { sanitizeSettings, SanitizedSettings } from '../settings';
import { errorText } from '../workspace/walk';
import { UsageError } from './args';

// `--config <file.json>`: the same settings the extension reads under "mcpAuthHints". Accepted
// shapes: the settings object itself ({"rules": {...}}), that object under an "mcpAuthHints" key,
// or VS Code's flat form ({"mcpAuthHints.rules.customizations": [...]}), so a settings file can be
// shared between the editor and CI as long as it is plain JSON (no comments).

const PREFIX = 'mcpAuthHints';

export function loadConfig(file: string): SanitizedSettings {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (err) {
		throw new UsageError(`cannot read config file ${file}: ${errorText(err)}`);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (err) {
		throw new UsageError(`config file ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new UsageError(`config file ${file} must contain a JSON object`);
	}
	return sanitizeSettings(extractSettings(raw as Record<string, unknown>));
}

function extractSettings(raw: Record<string, unknown>): unknown {
	if (PREFIX in raw) {
		return raw[PREFIX];
	}
	const dotted = Object.keys(raw).filter((k) => k.startsWith(`${PREFIX}.`));
	if (dotted.length === 0) {
		return raw;
	}
	const nested: Record<string, unknown> = {};
	for (const key of dotted) {
		const parts = key.slice(PREFIX.length + 1).split('.');
		let node = nested;
		for (const part of parts.slice(0, -1)) {
			const next = node[part];
			node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
		}
		node[parts[parts.length - 1]] = raw[key];
	}
	return nested;
}
