import type { ImportStatementInfo } from '../analysis/imports';
import type { Knowledge } from '../knowledge';

// "In a file, imports of V2-only modules also count" (issue 18, item 3): a file that imports a
// module only mcp 2.x has (`mcp.server.mcpserver`, ...) already runs on V2, whatever the manifests
// say, so its V2 names are correct there. Not the project's resolution (server/src/project/) and
// never an override of an explicit `target` setting: fileAnalysis asks only in `auto` mode.

/** Whether one of the file's absolute imports names a module (or a name) that exists in mcp 2.x and in no 1.x release. */
export function importsV2OnlyModule(imports: readonly ImportStatementInfo[], knowledge: Knowledge): boolean {
	const graph = knowledge.graph;
	if (!graph) {
		return false;
	}
	const v2Only = (module: string | undefined) => !!module && module.startsWith('mcp.') && graph.knowsModule(module)
		&& graph.existsInV2(module) && !graph.v1Span(module);
	for (const info of imports) {
		if (info.relative) {
			continue;
		}
		// httpx2 is the HTTP client mcp 2.x's auth is built on (OAuthClientProvider is an httpx2.Auth);
		// mcp 1.x code uses httpx.
		if (info.moduleFqn?.split('.')[0] === 'httpx2' || info.names.some((n) => n.importedFqn.split('.')[0] === 'httpx2')) {
			return true;
		}
		if (v2Only(info.moduleFqn)) {
			return true;
		}
		if (!info.moduleFqn && info.names.some((n) => v2Only(n.importedFqn))) {
			return true;
		}
		// A name only 2.x exports from a module both lines have (`from mcp.client.auth import AuthorizationCodeResult`).
		if (info.moduleFqn && graph.knowsModule(info.moduleFqn) && info.names.some((n) => graph.existsInV2(n.importedFqn) && !graph.v1Span(n.importedFqn))) {
			return true;
		}
	}
	return false;
}
