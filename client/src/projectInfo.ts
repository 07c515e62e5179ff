import type { BaseLanguageClient } from 'vscode-languageclient';
import { PROJECT_INFO_REQUEST, ProjectInfo } from '../../server/src/common/workspaceProtocol';

// What the server knows about the workspace (target mcp per folder and why, effective settings,
// knowledge versions, counts), asked for by the status item, the start-up log and "Show debug
// info", and written as plain lines for the output channel. Not for deciding any of it.

export function requestProjectInfo(client: BaseLanguageClient | undefined): Promise<ProjectInfo> | undefined {
	return client?.isRunning() ? client.sendRequest<ProjectInfo>(PROJECT_INFO_REQUEST, {}) : undefined;
}

/** The detected target of the workspace: one folder's, or each distinct one. */
export function targetText(info: ProjectInfo): string {
	const targets = [...new Set(info.folders.map((f) => f.target))];
	return targets.length === 0 ? 'no folder' : targets.join(' / ');
}

/** Lines for the output channel: versions, each folder's target with where it came from, settings. */
export function describeProjectInfo(info: ProjectInfo, extension: { version: string; vscode: string }): string[] {
	const lines = [
		`MCP Auth Hints ${extension.version} (language server ${info.server.version}, node ${info.server.node}, VS Code ${extension.vscode})`,
		`Knowledge verified against ${info.knowledge.repository} releases ${info.knowledge.releases[0] ?? '?'} … ${info.knowledge.releases.at(-1) ?? '?'}`
		+ (info.knowledge.v2 ? ` (V2: ${info.knowledge.v2.tag} ${info.knowledge.v2.commit.slice(0, 7)})` : ''),
	];
	for (const f of info.folders) {
		lines.push(`Folder ${f.folder}: checked against ${f.target} (from ${f.targetFrom})`);
		for (const r of f.resolved) {
			lines.push(`  resolved mcp ${r.version} from ${r.file} (${r.source})`);
		}
		for (const p of f.problems) {
			lines.push(`  not used: ${p}`);
		}
		lines.push(`  settings: ${JSON.stringify(f.settings)}`);
	}
	lines.push(`Workspace findings: ${info.counts.breaks} breaks, ${info.counts.review} to review, ${info.counts.unaffected} unaffected`);
	return lines;
}
