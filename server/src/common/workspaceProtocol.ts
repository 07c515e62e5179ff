// Requests of the workspace scan and the report, shared by the language server, the VS Code client
// and the tests. Plain constants and types only (the client bundle must not pull in server code).

/** Client → server: rescan every workspace folder; params may carry a workDoneToken for progress. */
export const SCAN_WORKSPACE_REQUEST = 'mcpAuthHints/scanWorkspace';

export interface ScanWorkspaceResult {
	/** Files read (sources, notebooks, manifests). */
	files: number;
	/** Files whose text was parsed (the others were skipped by the prefilter). */
	parsed: number;
	findings: number;
	cancelled: boolean;
}

/** Client → server: the auth API-surface report of the workspace as Markdown. */
export const EXPORT_REPORT_REQUEST = 'mcpAuthHints/exportReport';

export interface ExportReportResult {
	markdown: string;
}

export const WorkspaceClientCommands = {
	scanWorkspace: 'mcpAuthHints.scanWorkspace',
	exportReport: 'mcpAuthHints.exportReport',
} as const;
