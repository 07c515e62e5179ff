import { ConfigurationTarget, window, workspace } from 'vscode';
import { CONFIG_SECTION } from '../../server/src/common/protocol';
import { RULE_LIST as RULES } from '../../server/src/common/ruleList';

// The "Disable rule in settings" quick fix and palette command: appends {rule, severity: 'off'} to
// mcpAuthHints.rules.customizations at the narrowest settings level that exists. Not for reading
// the setting (the server does) or for suppression comments (code actions).

interface RuleCustomization {
	rule: string;
	severity: string;
}

/** Appends {rule, severity: 'off'} to mcpAuthHints.rules.customizations of the folder (or workspace). */
export async function disableRule(code?: unknown): Promise<void> {
	let rule = typeof code === 'string' ? code : undefined;
	if (!rule) {
		const picked = await window.showQuickPick(
			RULES.map((r) => ({ label: r.code, description: r.name, detail: r.summary })),
			{ placeHolder: 'Rule to turn off' },
		);
		rule = picked?.label;
	}
	if (!rule) {
		return;
	}
	const resource = window.activeTextEditor?.document.uri ?? window.activeNotebookEditor?.notebook.uri;
	const folder = resource ? workspace.getWorkspaceFolder(resource) : undefined;
	const target = folder ? ConfigurationTarget.WorkspaceFolder
		: workspace.workspaceFolders ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
	const config = workspace.getConfiguration(CONFIG_SECTION, folder?.uri);
	const inspected = config.inspect<RuleCustomization[]>('rules.customizations');
	const current = (target === ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue
		: target === ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
	if (current.some((c) => c.rule === rule && c.severity === 'off')) {
		return;
	}
	await config.update('rules.customizations', [...current, { rule, severity: 'off' }], target);
}
