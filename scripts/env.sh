#!/usr/bin/env bash
# Prints `export` lines that put the project's Node 24 and built tools first on PATH.
#   eval "$(make -s env)"      (or: eval "$(scripts/env.sh)")
#   scripts/env.sh --path      prints only the PATH value (the Makefile uses it)
source "$(dirname "$0")/lib.sh"
dirs=("$REPO_ROOT/bin" "$REPO_ROOT/node_modules/.bin")
system_major=0
if command -v node >/dev/null 2>&1; then
  system_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
fi
# Node 20 is end-of-life: use the pinned Node 24 from the tools cache unless the system has >= 24.
if [ "$system_major" -lt 24 ] || [ -x "$(tool_dir node "$NODE_VERSION")/bin/node" ]; then
  dirs=("$(tool_dir node "$NODE_VERSION")/bin" "${dirs[@]}")
fi
# Built cluster/data tools (kubectl, helm, ...), each in $TOOLS/<name>-<version>/bin.
for var in KUBERNETES_VERSION HELM_VERSION ETCD_VERSION NATS_SERVER_VERSION KIND_VERSION SKAFFOLD_VERSION; do
  version="${!var:-}"; [ -n "$version" ] || continue
  name="$(echo "${var%_VERSION}" | tr 'A-Z_' 'a-z-')"
  dirs+=("$(tool_dir "$name" "$version")/bin")
done
# Our dirs first, then the current PATH without them: evaluating this twice (or under make, whose
# PATH already has them) does not double any entry.
path="$(IFS=:; echo "${dirs[*]}")"
IFS=: read -ra current <<< "$PATH"
for d in "${current[@]}"; do
  case ":$path:" in *":$d:"*) ;; *) [ -n "$d" ] && path="$path:$d" ;; esac
done
if [ "${1:-}" = "--path" ]; then echo "$path"; exit 0; fi
printf 'export PATH=%q\n' "$path"
printf 'export TRIBUTARY_CACHE=%q\n' "$CACHE"
