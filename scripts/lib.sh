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
