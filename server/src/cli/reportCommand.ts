import * as path from 'path';
import { pathToFileURL } from 'url';
import type { ProjectScan } from '../project/scanProject';
import { surfaceOf } from '../report/fromProject';
import { urlPath } from '../report/links';
import { renderJson, renderMarkdown } from '../report/surface';
import { toPosix } from '../workspace/gitignore';
import type { ReportFormat } from './args';
import type { SarifOptions } from './formats';
import packageJson from '../../../package.json';

// `mcp-auth-hints report`: the auth API-surface report of the scanned paths, with locations
// relative to the current directory and links GitHub and editors resolve (`src/app.py#L12`).
// Each path segment of a link is percent-encoded, so a file named `command:x.py` or
// `a](command:y)[b.py` is a relative link to that file, never a URI scheme or Markdown.

export function renderReport(project: ProjectScan, format: ReportFormat, cwd: string): string {
	const show = (file: string, cell?: number) => (toPosix(path.relative(cwd, file)) || path.basename(file)) + (cell === undefined ? '' : `#cell=${cell}`);
	const link = (file: string, line: number, cell?: number) => urlPath(show(file)) + (cell === undefined ? `#L${line}` : '');
	const report = surfaceOf(project, show, link);
	return format === 'json' ? renderJson(report) : renderMarkdown(report);
}

/**
 * Whether a URL can be given to the public as a link: https, and not a host RFC 2606 / 6761 reserve
 * for examples and tests.
 */
export function isPublicUrl(url: string): boolean {
	let host: string;
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'https:') {
			return false;
		}
		host = parsed.hostname.toLowerCase();
	} catch {
		return false;
	}
	const reserved = /(^|\.)(invalid|example|test|localhost|local)$/.test(host) || /(^|\.)example\.(com|org|net)$/.test(host);
	return !reserved && host.includes('.');
}

export function sarifOptions(cwd: string): SarifOptions {
	// The package names no repository until it has a public one; SARIF then carries no help links.
	const repository = (packageJson as { repository?: { url?: string } }).repository;
	const base = (repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
	return {
		toolVersion: packageJson.version,
		...(isPublicUrl(base) ? { rulesBaseUri: `${base}/blob/main/docs/rules` } : {}),
		srcRoot: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}`,
	};
}
