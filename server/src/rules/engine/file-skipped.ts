import { LineIndex } from '../../analysis/lineIndex';
import type { Finding } from '../../analysis/model';
import type { Settings } from '../../settings';
import { Reporter } from '../reporter';
import type { OtherRule } from '../rule';

// MCP199 file-skipped: the file was not analysed (over the size limit, not text, or the analysis
// was stopped), so a user never mistakes "no findings" for "nothing to migrate". One finding at
// the start of the file, through the same reporter as every other rule.

export const fileSkipped: OtherRule = {
	meta: {
		code: 'MCP199', name: 'file-skipped', scope: 'engine', defaultSeverity: 'information', tags: [], fix: 'none', v1Only: false,
		summary: 'The file was not analysed (over the size limit, not text, or the analysis was stopped).',
	},
};

export type SkipReason = 'too-large' | 'binary';

const MESSAGES: Record<SkipReason, (settings: Settings) => string> = {
	'too-large': (s) => `mcp-auth-hints skipped this file: it is larger than mcpAuthHints.maxFileSize (${s.maxFileSize} bytes).`,
	binary: () => 'mcp-auth-hints skipped this file: it contains NUL bytes and does not look like Python source.',
};

/** The MCP199 finding for a file the engine did not analyse (none when the user turned MCP199 off). */
export function fileSkippedFindings(reason: SkipReason, settings: Settings): Finding[] {
	return skippedWith(MESSAGES[reason](settings), settings);
}

/** The MCP199 finding with a message of the caller's (e.g. an analysis stopped by its budget). */
export function skippedWith(message: string, settings: Settings): Finding[] {
	const reporter = new Reporter({ lines: new LineIndex(''), settings, mcpResolvesV2: false });
	reporter.report(fileSkipped.meta, { span: { start: 0, end: 0 }, message });
	return reporter.result();
}
