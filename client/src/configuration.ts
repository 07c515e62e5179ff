import { Uri, workspace } from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { CONFIG_SECTION } from '../../server/src/common/protocol';

// Answers the server's workspace/configuration requests for the `mcpAuthHints` section with only
// the values the user set (user, workspace or folder settings), not the contributed defaults: the
// server puts the project's mcp-auth-hints.toml / [tool.mcp-auth-hints] under them and needs to
// know which keys the file may decide. Other sections pass through unchanged. NOT the place for
// merging or validating values: the server does both (server/src/lsp/projectConfig.ts).

type ConfigurationMiddleware = NonNullable<NonNullable<Middleware['workspace']>['configuration']>;

/** `keys`: the section's setting names without the prefix (`rules.customizations`, `target`, ...). */
export function explicitSettingsOnly(keys: readonly string[]): ConfigurationMiddleware {
	return async (params, token, next) => {
		const answers = await next(params, token);
		if (!Array.isArray(answers)) {
			return answers;
		}
		return params.items.map((item, i) => (item.section === CONFIG_SECTION ? explicitValues(keys, item.scopeUri) : answers[i]));
	};
}

function explicitValues(keys: readonly string[], scopeUri: string | undefined): Record<string, unknown> {
	const config = workspace.getConfiguration(CONFIG_SECTION, scopeUri ? Uri.parse(scopeUri) : undefined);
	const result: Record<string, unknown> = {};
	for (const key of keys) {
		const seen = config.inspect(key);
		if (seen?.globalValue === undefined && seen?.workspaceValue === undefined && seen?.workspaceFolderValue === undefined) {
			continue;
		}
		// Nested the way getConfiguration(section) returns it: `rules.customizations` -> {rules: {customizations}}.
		const parts = key.split('.');
		let node = result;
		for (const part of parts.slice(0, -1)) {
			node = (node[part] ??= {}) as Record<string, unknown>;
		}
		node[parts[parts.length - 1]] = config.get(key);
	}
	return result;
}

/** The setting names an extension contributes under the section, from its package.json. */
export function contributedKeys(packageJSON: { contributes?: { configuration?: { properties?: Record<string, unknown> } } }): string[] {
	const prefix = `${CONFIG_SECTION}.`;
	return Object.keys(packageJSON.contributes?.configuration?.properties ?? {}).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
