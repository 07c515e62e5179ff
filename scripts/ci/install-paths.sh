#!/usr/bin/env bash
# The two install paths docs/ci.md gives, tried the way a user runs them: a packed tarball
# (`npm pack`, then `npm install -g ./mcp-auth-hints-X.tgz`) and a git URL (a shallow clone of a
# tag, `npm ci`, whose `prepare` builds dist/, then `npm pack` and the tarball installed), each
# into its own scratch prefix, then the installed `mcp-auth-hints` on the fixture project:
# exit 0 when clean, exit 1 once a V1 import is added. Only the npm registry is reached.
# NOT the pre-commit hook (pre-commit.sh) or the Action (run-action.mjs).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git_() { git -c user.name=ci -c user.email=ci@localhost -c commit.gpgsign=false -c init.defaultBranch=main "$@"; }

check() { # $1: the installed mcp-auth-hints
	"$1" --version
	rm -rf "$work/project"
	cp -r "$repo/test/toolchain/fixtures/hooked" "$work/project"
	(cd "$work/project" && "$1" scan . --quiet)
	printf 'from mcp.server.fastmcp import FastMCP\n' > "$work/project/app/legacy.py"
	status=0
	(cd "$work/project" && "$1" scan . --quiet) || status=$?
	if [ "$status" -ne 1 ]; then
		echo "FAIL: expected exit 1 on a V1 import, got $status" >&2
		exit 1
	fi
}

echo "== npm pack + npm install -g ./mcp-auth-hints-X.tgz"
(cd "$repo" && npm pack --silent --pack-destination "$work") > "$work/packed"
tarball="$work/$(tail -n 1 "$work/packed")"
npm install -g --prefix "$work/tarball" --no-audit --no-fund "$tarball"
check "$work/tarball/bin/mcp-auth-hints"

echo "== from a git URL: clone the tag, npm ci (prepare builds dist/), npm pack, npm install -g the tarball"
mkdir "$work/snapshot"
git -C "$repo" ls-files -z --cached --others --exclude-standard \
	| tar -C "$repo" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$work/snapshot" -xf -
git_ -C "$work/snapshot" init -q
git_ -C "$work/snapshot" add -A
git_ -C "$work/snapshot" commit -qm snapshot
git_ -C "$work/snapshot" tag v0.0.0-ci
git clone -q --depth 1 --branch v0.0.0-ci "file://$work/snapshot" "$work/clone"
(cd "$work/clone" && npm ci --no-audit --no-fund && npm pack --silent) > "$work/packed2"
npm install -g --prefix "$work/git" --no-audit --no-fund "$work/clone/$(tail -n 1 "$work/packed2")"
check "$work/git/bin/mcp-auth-hints"
echo "== both install paths work"
