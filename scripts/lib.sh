# shellcheck shell=bash
# Shared helpers for the install/build scripts. Source it; do not run it.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$REPO_ROOT/scripts/versions.env"
CACHE="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
TOOLS="$CACHE/tools"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# tool_dir NAME VERSION -> the cache dir a tool is installed into
tool_dir() { printf '%s/%s-%s' "$TOOLS" "$1" "$2"; }

# skip_if_built NAME VERSION FILE: exit 0 with "ok NAME VERSION (cached)" when FILE (relative to the
# tool dir) exists. The tool dir only appears by an atomic rename at the end of a build, so an
# interrupted build never looks complete.
skip_if_built() {
  if [ -e "$(tool_dir "$1" "$2")/$3" ]; then
    echo "ok $1 $2 (cached)"
    exit 0
  fi
}

# begin_build NAME VERSION: sets BUILD_DIR (a fresh temp dir next to the final one, removed on exit
# unless finish_build renamed it) and BUILD_START.
begin_build() {
  mkdir -p "$TOOLS"
  BUILD_NAME="$1"; BUILD_VERSION="$2"
  BUILD_DIR="$(mktemp -d "$TOOLS/.$1-$2.XXXXXX")"
  BUILD_START=$SECONDS
  trap 'rm -rf "$BUILD_DIR"' EXIT
}

# finish_build: renames BUILD_DIR to the final tool dir and prints "ok NAME VERSION (built in Ns)".
finish_build() {
  local final
  final="$(tool_dir "$BUILD_NAME" "$BUILD_VERSION")"
  chmod 755 "$BUILD_DIR"
  rm -rf "$final"
  mv "$BUILD_DIR" "$final"
  trap - EXIT
  echo "ok $BUILD_NAME $BUILD_VERSION (built in $((SECONDS - BUILD_START))s)"
}

# need_go: fail clearly without a Go toolchain; static, reproducible-ish builds.
need_go() {
  command -v go >/dev/null 2>&1 || die "Go >= 1.23 is needed to build $BUILD_NAME (apt-get install golang-go, or https://go.dev/dl)"
  export CGO_ENABLED=0
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod -buildvcs=false"
}

# go_module_dir MODULE@VERSION: downloads the module (Go proxy) and prints its read-only dir.
go_module_dir() {
  local json
  json="$(go mod download -json "$1")" || true
  if printf '%s' "$json" | grep -q '"Error"'; then
    die "go mod download $1: $(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')"
  fi
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}
