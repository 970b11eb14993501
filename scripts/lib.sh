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

# expect_output WHAT WANT CMD [ARG...]: runs CMD, fails unless it succeeds and its output contains
# WANT. The output is captured first: `CMD | grep -q WANT` under pipefail races (grep exits at the
# first match, CMD gets SIGPIPE writing the rest, exits 141 and a correct build looks broken).
expect_output() {
  local what="$1" want="$2" out
  shift 2
  out="$("$@" 2>&1)" || die "$what: '$*' exited $? ($(printf '%s' "$out" | tail -n 1))"
  [[ "$out" == *"$want"* ]] || die "$what does not say $want (it said: ${out%%$'\n'*})"
}

# need_disk GIB: fail before a long build when the cache's file system has less than GIB free.
need_disk() {
  local free_kib
  mkdir -p "$TOOLS"
  free_kib="$(df -Pk "$TOOLS" | awk 'NR == 2 { print $4 }')"
  [ "${free_kib:-0}" -ge $(($1 * 1024 * 1024)) ] ||
    die "building ${BUILD_NAME:-tools} needs ${1} GiB free under $TOOLS; $((${free_kib:-0} / 1024 / 1024)) GiB are free"
}

# apt_install PKG...: installs Debian packages as root, or names them when it cannot.
apt_install() {
  [ "$(id -u)" = 0 ] || die "missing packages: $* (run: sudo apt-get install $*)"
  command -v apt-get >/dev/null 2>&1 || die "missing packages: $* and no apt-get on this machine to install them"
  log "installing $* (apt)"
  apt-get update -qq >&2 || die "apt-get update failed (is a Debian mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
    die "apt-get install $* failed (see the output above)"
}
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

# begin_build NAME VERSION NEEDS: sets BUILD_DIR (a fresh temp dir next to the final one, removed on
# exit unless finish_build renamed it) and BUILD_START. NEEDS says what the build needs ("Go >= 1.23
# and the Go module proxy"); any failing step then ends with one line naming the step and NEEDS,
# never a bare exit code.
begin_build() {
  mkdir -p "$TOOLS"
  BUILD_NAME="$1"; BUILD_VERSION="$2"; BUILD_NEEDS="${3:-}"
  BUILD_DIR="$(mktemp -d "$TOOLS/.$1-$2.XXXXXX")"
  BUILD_START=$SECONDS
  trap 'rm -rf "$BUILD_DIR"' EXIT
  set -E
  trap 'build_failed $? "$BASH_COMMAND"' ERR
}

build_failed() {
  trap - ERR
  die "building $BUILD_NAME $BUILD_VERSION failed: '$2' exited $1${BUILD_NEEDS:+ (it needs $BUILD_NEEDS)}"
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
  need_disk 2
  command -v go >/dev/null 2>&1 || die "Go >= 1.23 is needed to build $BUILD_NAME (apt-get install golang-go)"
  local gov
  gov="$(go env GOVERSION)" || die "'go env GOVERSION' failed: the Go toolchain on PATH does not run"
  gov="${gov#go}"
  [ "${gov%%.*}" -gt 1 ] || [ "$(printf '%s' "$gov" | cut -d. -f2)" -ge 23 ] ||
    die "Go >= 1.23 is needed to build $BUILD_NAME (found go$gov)"
  export CGO_ENABLED=0
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod -buildvcs=false"
}

# go_module_dir MODULE@VERSION: downloads the module (Go proxy) and prints its read-only dir.
go_module_dir() {
  local json
  json="$(go mod download -json "$1")" || true
  if [[ "$json" == *'"Error"'* ]]; then
    die "go mod download $1: $(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')"
  fi
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
  [[ "$json" == *'"Dir"'* ]] || die "go mod download $1 printed no module dir (is the Go module proxy reachable?)"
}

# go_wrapper_module MODULE VERSION: makes (and enters) $BUILD_DIR/src, a module that requires
# MODULE@vVERSION and carries over MODULE's replace directives. `go install MODULE/cmd/x@vVERSION`
# refuses modules with replace directives, and building without them picks forks' originals. A
# replace by a local path (./x) points into MODULE's own read-only dir in the module cache.
go_wrapper_module() {
  local module="$1" version="$2" src line from to
  src="$(go_module_dir "$module@v$version")"
  mkdir -p "$BUILD_DIR/src"
  cd "$BUILD_DIR/src"
  go mod init "tributary.local/build-$BUILD_NAME" >/dev/null 2>&1
  go mod edit -go="$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$src/go.mod")" -require "$module@v$version"
  while IFS= read -r line; do
    from="${line%%=>*}"; to="${line#*=>}"
    from="$(echo $from)"; to="$(echo $to)"
    case "$to" in ./* | ../*) to="$src/${to#./}" ;; esac
    go mod edit "-replace=${from// /@}=${to// /@}"
  done < <(sed -n -e '/^replace (/,/^)/{/=>/p}' -e 's/^replace \([^(].*=>.*\)/\1/p' "$src/go.mod" | sed 's|//.*||')
}

# go_build_cmds LDFLAGS TAGS PKG...: builds each main package into $BUILD_DIR/bin/<last path element>,
# in the wrapper module made by go_wrapper_module (a tools.go pins the packages for `go mod tidy`).
go_build_cmds() {
  local ldflags="$1" tags="$2" pkg
  shift 2
  { printf '//go:build tools\n\npackage tools\n\nimport (\n'; printf '\t_ "%s"\n' "$@"; printf ')\n'; } > tools.go
  log "resolving modules"
  go mod tidy >/dev/null 2>&1 || go mod tidy
  mkdir -p "$BUILD_DIR/bin"
  for pkg in "$@"; do
    log "go build ${pkg##*/}"
    go build -trimpath ${tags:+-tags "$tags"} -ldflags "-s -w $ldflags" -o "$BUILD_DIR/bin/${pkg##*/}" "$pkg"
  done
  cd "$BUILD_DIR"
  rm -rf "$BUILD_DIR/src"
}
