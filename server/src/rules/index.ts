import type { FileRule, Rule, RuleMeta } from './rule';
import { authChanged } from './auth/auth-changed';
import { authDeprecationWatch } from './auth/auth-deprecation-watch';
import { authImport } from './auth/auth-import';
import { authRemoved } from './auth/auth-removed';
import { authUnchanged } from './auth/auth-unchanged';
import { authWiring } from './auth/auth-wiring';
import { contextAuth } from './auth/context-auth';
import { fastmcpAuthWiring } from './auth/fastmcp-auth-wiring';
import { fileSkipped } from './engine/file-skipped';
import { dependencyRange } from './project/dependency-range';
import { httpWithoutAuth } from './project/http-without-auth';
import { agentsResources } from './resources/agents-resources';
import { anthropicResourceHelpers } from './resources/anthropic-resource-helpers';
import { lowlevelResourceHandlers } from './resources/lowlevel-resource-handlers';
import { resourceSubscriptions } from './resources/resource-subscriptions';
import { resourcesCamelcaseFields } from './resources/resources-camelcase-fields';
import { sessionResources } from './resources/session-resources';
import { sessionResourcesV2 } from './resources/session-resources-v2';

// The rule registry (Ruff's codes.rs): every rule, once, in documentation order. Tables in
// README.md and docs/rules/, the editor's rule picker (server/src/common/ruleList.ts) and each
// rule page's header line are generated from it by scripts/generate-rule-docs.mjs.

export const RULES: readonly Rule[] = [
	authUnchanged,
	authImport,
	authChanged,
	authRemoved,
	fastmcpAuthWiring,
	contextAuth,
	authDeprecationWatch,
	authWiring,
	sessionResources,
	agentsResources,
	sessionResourcesV2,
	resourcesCamelcaseFields,
	resourceSubscriptions,
	lowlevelResourceHandlers,
	anthropicResourceHelpers,
	dependencyRange,
	httpWithoutAuth,
	fileSkipped,
];

export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

export const FILE_RULES: readonly FileRule[] = RULES.filter((r): r is FileRule => r.meta.scope === 'file');

const BY_CODE = new Map(RULE_METAS.map((m) => [m.code, m]));

export function ruleMeta(code: string): RuleMeta {
	const meta = BY_CODE.get(code);
	if (!meta) {
		throw new Error(`unknown rule code ${code}`);
	}
	return meta;
}

export function isRuleCode(code: string): boolean {
	return BY_CODE.has(code);
}

export type { FileRule, Rule, RuleMeta };
