#!/usr/bin/env bash
# The GitHub Action's first step (action.yml): build the CLI in the action's own checkout, which
# has no dist/ (`npm ci` installs from the lock file; the `prepare` script builds dist/). A
# checkout that already has dist/cli.js (a local run of the action) is used as it is.
# NOT the scan (action-scan.sh).
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
if [ -f dist/cli.js ]; then
	echo "mcp-auth-hints: dist/cli.js present, not rebuilt"
else
	npm ci --no-audit --no-fund
fi
node dist/cli.js --version
