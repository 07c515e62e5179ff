#!/usr/bin/env bash
# Tries the pre-commit hook (.pre-commit-hooks.yaml) end to end the way a user's repository runs it:
# `pre-commit try-repo` installs this repository with pre-commit's node language (system node,
# `npm install` + `npm pack` in its clone, so only the npm registry is reached) and runs the hook
# on a fixture project (test/toolchain/fixtures/hooked). It must pass on the clean project (whose
# excluded generated/ holds a V1 import: pre-commit names it, --force-exclude leaves it out) and
# fail, naming the code, once a file with a V1 import is added. The hook repository is a snapshot
# of this tree (tracked and untracked, not ignored, files) committed in a scratch folder, so
# uncommitted work is what gets tried and both runs share one installed environment.
# NOT a test of pre-commit itself, and not run by `npm test` (it needs pre-commit: `.ci/run` installs it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# try-repo installs the hook in a fresh store each time; npm may answer from its cache first.
export npm_config_prefer_offline=true
git_() { git -c user.name=ci -c user.email=ci@localhost -c commit.gpgsign=false -c init.defaultBranch=main "$@"; }

echo "== pre-commit $(pre-commit --version | awk '{print $2}'): snapshot of the hook repository"
mkdir "$work/hooks"
# (A tracked file deleted in the work tree is left out: --ignore-failed-read.)
git -C "$repo" ls-files -z --cached --others --exclude-standard \
	| tar -C "$repo" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$work/hooks" -xf -
git_ -C "$work/hooks" init -q
git_ -C "$work/hooks" add -A
git_ -C "$work/hooks" commit -qm snapshot
ref="$(git -C "$work/hooks" rev-parse HEAD)"

echo "== the fixture project"
cp -r "$repo/test/toolchain/fixtures/hooked" "$work/project"
cd "$work/project"
git_ init -q
git_ add -A

echo "== clean project: the hook must pass"
pre-commit try-repo "$work/hooks" mcp-auth-hints --ref "$ref" --all-files --color never

echo "== a V1 import added: the hook must fail and name MCP103"
printf 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("old")\n' > app/legacy.py
git_ add app/legacy.py
set +e
pre-commit try-repo "$work/hooks" mcp-auth-hints --ref "$ref" --all-files --color never > "$work/out.txt" 2>&1
status=$?
set -e
cat "$work/out.txt"
if [ "$status" -eq 0 ]; then
	echo "FAIL: the hook passed on a V1 import" >&2
	exit 1
fi
grep -q 'app/legacy.py:1:6: error MCP103' "$work/out.txt" || { echo "FAIL: the hook failed without naming MCP103 in app/legacy.py" >&2; exit 1; }
if grep -q 'generated/stub.py' "$work/out.txt"; then
	echo "FAIL: the hook reported a file the configuration excludes" >&2
	exit 1
fi
if grep -Eq 'app/server.py:[0-9:]+ (error|warning) ' "$work/out.txt"; then
	echo "FAIL: the clean file got an error or a warning" >&2
	exit 1
fi
echo "== pre-commit hook: passes on the clean project, fails on the break"
