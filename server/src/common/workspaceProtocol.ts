// Requests of the workspace scan and the report, shared by the language server, the VS Code client
// and the tests. Plain constants and types only (the client bundle must not pull in server code).

/** Client → server: rescan every workspace folder; params may carry a workDoneToken for progress. */
export const SCAN_WORKSPACE_REQUEST = 'mcpAuthHints/scanWorkspace';

export interface ScanWorkspaceResult {
	/** Files read (sources, notebooks, manifests). */
	files: number;
	/** Files whose text was parsed (the others were skipped by the prefilter). */
	parsed: number;
	/** Every finding (breaks + review + unaffected). */
	findings: number;
	/** Every finding of the workspace by verdict (breaks: Error and Warning; review: Information; unaffected: Hint). */
	counts: { breaks: number; review: number; unaffected: number };
	cancelled: boolean;
}

/** Client → server: the auth API-surface report of the workspace as Markdown. */
export const EXPORT_REPORT_REQUEST = 'mcpAuthHints/exportReport';

export interface ExportReportResult {
	markdown: string;
}

/**
 * Client → server notification, `{ uris: string[] }`: open documents the editor no longer shows in
 * any tab. Their findings come from the workspace report again, as for a closed file.
 */
export const DOCUMENTS_HIDDEN_NOTIFICATION = 'mcpAuthHints/documentsHidden';

/** Client → server: what the status item, the start-up log and "Show debug info" say. */
export const PROJECT_INFO_REQUEST = 'mcpAuthHints/projectInfo';

export interface FolderInfo {
	folder: string;
	uri: string;
	/** "mcp 1.x" or "mcp 2.x": what the findings are computed for. */
	target: string;
	/** Why: the setting, the resolved versions and their files, or the requirements. */
	targetFrom: string;
	resolved: { version: string; file: string; source: string }[];
	/** Manifests and lock files that could not be used, with the reason. */
	problems: string[];
	/** The folder's effective settings (after defaults and validation); null before it is read. */
	settings: unknown;
}

export interface ProjectInfo {
	server: { version: string; node: string };
	/** The python-sdk releases the bundled knowledge was verified against. */
	knowledge: { repository: string; releases: readonly string[]; v2?: { version: string; tag: string; commit: string } };
	folders: FolderInfo[];
	counts: ScanWorkspaceResult['counts'];
}

export const WorkspaceClientCommands = {
	scanWorkspace: 'mcpAuthHints.scanWorkspace',
	exportReport: 'mcpAuthHints.exportReport',
} as const;
