import { Disposable, DiagnosticSeverity, languages, LanguageStatusItem, LanguageStatusSeverity } from 'vscode';
import { ClientCommands, DIAGNOSTIC_SOURCE, StatusParams } from '../../server/src/common/protocol';
import type { ProjectInfo } from '../../server/src/common/workspaceProtocol';
import { targetText } from './projectInfo';

// The Python language status item: the mcp the workspace is checked against and its number of
// breaks, with the last analysis time in the detail. The breaks are counted from the diagnostics
// VS Code holds (Error and Warning, the Problems panel's own figures), so the item never disagrees
// with Problems. Not for computing the target (the server does, see projectInfo.ts).

export class StatusItem implements Disposable {
	private readonly item: LanguageStatusItem;
	private target = 'mcp target: detecting…';
	private targetFrom = '';
	private lastAnalysis = '';
	private failed = false;

	constructor() {
		this.item = languages.createLanguageStatusItem('mcpAuthHints.status', { language: 'python' });
		this.item.name = 'MCP Auth Hints';
		this.item.command = { title: 'Show Debug Info', command: ClientCommands.showDebugInfo };
		this.render();
	}

	/** The text shown, e.g. "mcp 1.x · 3 breaks" (the tests read it through the extension's API). */
	get text(): string {
		return this.item.text;
	}

	get detail(): string | undefined {
		return this.item.detail;
	}

	projectInfo(info: ProjectInfo): void {
		this.target = targetText(info);
		this.targetFrom = info.folders.length === 1 ? `from ${info.folders[0].targetFrom}` : '';
		this.render();
	}

	analysis(params: StatusParams): void {
		this.failed = params.state === 'error';
		this.lastAnalysis = this.failed ? 'last analysis failed: see the output' : `last analysis ${params.lastAnalysisMs} ms`;
		this.render();
	}

	diagnosticsChanged(): void {
		this.render();
	}

	private render(): void {
		const breaks = countBreaks();
		this.item.text = `${this.target} · ${breaks} ${breaks === 1 ? 'break' : 'breaks'}`;
		this.item.detail = ['MCP Auth Hints', this.targetFrom, this.lastAnalysis].filter(Boolean).join(' · ');
		this.item.severity = this.failed ? LanguageStatusSeverity.Error : breaks > 0 ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
	}

	dispose(): void {
		this.item.dispose();
	}
}

/** Our Error and Warning diagnostics in every file VS Code holds diagnostics for. */
export function countBreaks(): number {
	let n = 0;
	for (const [, diagnostics] of languages.getDiagnostics()) {
		n += diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.severity <= DiagnosticSeverity.Warning).length;
	}
	return n;
}
