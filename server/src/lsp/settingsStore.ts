import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, Settings } from '../settings';
import { CONFIG_SECTION } from '../common/protocol';
import { FolderConfig, mergeSettings } from './projectConfig';

// Settings per document (multi-root workspaces and folder settings differ per resource), fetched
// with workspace/configuration, sanitised, cached until the configuration changes. Each invalid
// value is reported once per server lifetime, not once per document or per keystroke. The project's
// configuration file (projectConfig.ts) sits under the settings the user set.

/** The project configuration serving a scope URI, and the file on disk it names (if any). */
export type ConfigLookup = (scopeUri: string) => { served: FolderConfig | undefined; file: string | undefined };

export class SettingsStore {
	private readonly cache = new Map<string, Promise<Settings>>();
	private readonly warned = new Set<string>();

	constructor(private readonly connection: Connection, private readonly canFetch: boolean, private readonly lookup?: ConfigLookup) {}

	get(scopeUri: string): Promise<Settings> {
		if (!this.canFetch && !this.lookup) {
			return Promise.resolve(DEFAULT_SETTINGS);
		}
		let settings = this.cache.get(scopeUri);
		if (!settings) {
			settings = this.fetch(scopeUri);
			this.cache.set(scopeUri, settings);
		}
		return settings;
	}

	forget(scopeUri: string): void {
		this.cache.delete(scopeUri);
	}

	clear(): void {
		this.cache.clear();
	}

	private async fetch(scopeUri: string): Promise<Settings> {
		let raw: unknown = {};
		if (this.canFetch) {
			try {
				raw = await this.connection.workspace.getConfiguration({ scopeUri, section: CONFIG_SECTION });
			} catch (err) {
				this.connection.console.error(`Reading ${CONFIG_SECTION} settings failed; using defaults: ${String(err)}`);
				return DEFAULT_SETTINGS;
			}
		}
		const where = this.lookup?.(scopeUri);
		const { settings, warnings } = mergeSettings(raw, where?.served, where?.file);
		for (const warning of warnings) {
			if (!this.warned.has(warning)) {
				this.warned.add(warning);
				this.connection.console.warn(warning);
				void this.connection.window.showWarningMessage(`MCP Auth Hints: ${warning}`);
			}
		}
		return settings;
	}
}
