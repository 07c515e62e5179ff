#!/usr/bin/env bash
# Installs the offline VS Code test host: Debian packages (chromium, ripgrep, native-build deps),
# code-server from npm (= VS Code 1.100.3 for 4.100.3) outside the repo, and this folder's
# playwright-core. Idempotent: a re-run on an installed machine takes about 1-2 s.
#
#   CS_VERSION=4.100.3 DEST=/tmp/vscode-host/code-server-4.100.3 bash test/vscode-host/setup.sh
#
# See test/vscode-host/README.md for why each step exists.
set -euo pipefail

CS_VERSION="${CS_VERSION:-4.100.3}"
DEST="${DEST:-/tmp/vscode-host/code-server-$CS_VERSION}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APT_PACKAGES=(chromium ripgrep libkrb5-dev build-essential pkg-config)

log() { printf '%s [setup] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
SECONDS=0

# --- Step 1: Debian packages, only when something is missing ---------------------------------
if dpkg -s "${APT_PACKAGES[@]}" >/dev/null 2>&1; then
	log "Debian packages present: ${APT_PACKAGES[*]}"
else
	log "installing Debian packages: ${APT_PACKAGES[*]}"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
	$SUDO apt-get update -q
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${APT_PACKAGES[@]}"
fi

# --- Host folder -----------------------------------------------------------------------------
mkdir -p "$DEST"
cd "$DEST"
if [ ! -f package.json ]; then
	printf '{\n  "name": "code-server-host",\n  "private": true\n}\n' > package.json
fi

installed_version() {
	node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch { }' \
		"$DEST/node_modules/code-server/package.json"
}

RG_BIN_INSTALLED="$DEST/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
if [ "$(installed_version)" = "$CS_VERSION" ] && [ -e "$RG_BIN_INSTALLED" ]; then
	log "code-server $CS_VERSION already installed in $DEST"
else
	# --- Step 2: seed @vscode/ripgrep's download cache with Debian's rg --------------------------
	# Without this, code-server's postinstall fails with
	# "Downloading ripgrep failed ... getaddrinfo ENOTFOUND api.github.com".
	WORK="$(mktemp -d)"
	trap 'rm -rf "$WORK"' EXIT
	(
		cd "$WORK"
		npm pack --silent "code-server@$CS_VERSION" >/dev/null
		tar -xzf "code-server-$CS_VERSION.tgz" package/lib/vscode/npm-shrinkwrap.json
	)
	RG_PKG="$(node -e '
		const s = require(process.argv[1]);
		const e = s.packages && s.packages["node_modules/@vscode/ripgrep"];
		if (!e || !e.version) { process.exit(1); }
		process.stdout.write(e.version);
	' "$WORK/package/lib/vscode/npm-shrinkwrap.json")"
	(
		cd "$WORK"
		npm pack --silent "@vscode/ripgrep@$RG_PKG" >/dev/null
		tar -xzf "vscode-ripgrep-$RG_PKG.tgz" package/lib/postinstall.js
	)
	RG_TAG="$(sed -n "s/^const VERSION = '\([^']*\)';.*/\1/p" "$WORK/package/lib/postinstall.js" | head -n 1)"
	if [ -z "$RG_TAG" ]; then
		log "could not read the ripgrep tag from @vscode/ripgrep@$RG_PKG/lib/postinstall.js"
		exit 1
	fi
	rm -rf "$WORK"
	trap - EXIT

	TMP_ROOT="$(node -p 'require("os").tmpdir()')"
	RG_CACHE="$TMP_ROOT/vscode-ripgrep-cache-$RG_PKG"
	RG_TARBALL="$RG_CACHE/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz"
	DEBIAN_RG="$(command -v rg)"
	mkdir -p "$RG_CACHE"
	tar -czf "$RG_TARBALL" -C "$(dirname "$DEBIAN_RG")" rg
	log "@vscode/ripgrep@$RG_PKG expects ripgrep $RG_TAG; seeded $RG_TARBALL with Debian's $("$DEBIAN_RG" --version | head -n 1)"

	# --- Step 3: install code-server ---------------------------------------------------------------
	# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
	# npm_config_yes: node-pty's postinstall runs `npx node-gyp`; this machine's npmrc has yes=false.
	log "installing code-server@$CS_VERSION into $DEST (takes about a minute)"
	npm_config_unsafe_perm=true npm_config_yes=true \
		npm install --no-audit --no-fund "code-server@$CS_VERSION"
fi

# --- playwright-core for the runners (this folder's own package.json) -------------------------
PW_WANT="$(node -p 'require(process.argv[1]).dependencies["playwright-core"]' "$HERE/package.json")"
PW_HAVE="$(node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch { }' \
	"$HERE/node_modules/playwright-core/package.json")"
if [ "$PW_HAVE" = "$PW_WANT" ]; then
	log "playwright-core $PW_HAVE present"
else
	log "installing playwright-core $PW_WANT in $HERE"
	if [ -f "$HERE/package-lock.json" ]; then
		(cd "$HERE" && npm ci --no-audit --no-fund)
	else
		(cd "$HERE" && npm install --no-audit --no-fund)
	fi
fi

# --- Final check -------------------------------------------------------------------------------
VERSION_OUT="$(XDG_DATA_HOME="$DEST/.xdg" XDG_CONFIG_HOME="$DEST/.xdg-config" XDG_CACHE_HOME="$DEST/.xdg-cache" \
	"$DEST/node_modules/.bin/code-server" --config "$DEST/config.yaml" --version 2>&1)"
log "code-server: $(printf '%s\n' "$VERSION_OUT" | tail -n 1)"
log "binary: $DEST/node_modules/.bin/code-server"
log "done in ${SECONDS}s"
