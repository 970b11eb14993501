#!/usr/bin/env bash
# Builds/installs the local servers' tools into $CACHE/tools/<name>-<version> (idempotent: a tool
# already built prints "ok <name> <version> (cached)"). `make setup` runs it.
#   scripts/setup-tools.sh                  every tool, in order
#   scripts/setup-tools.sh postgres nats    a subset (names of scripts/tools/*.sh)
# Each build streams its own progress; a summary with the time per tool closes the run.
source "$(dirname "$0")/lib.sh"
# Order: cheap and needed-first tools before the long Kubernetes build; then the local node's runtime
# and add-ons. kind and skaffold are only needed for `make dev` and the config validation tests.
all=(node postgres nats chromium etcd kubernetes helm neo4j node-runtime containerd coredns kube-router local-path-provisioner traefik kind skaffold)
if [ "$#" -gt 0 ]; then tools=("$@"); else tools=("${all[@]}"); fi
for tool in "${tools[@]}"; do
  [ -x "$REPO_ROOT/scripts/tools/$tool.sh" ] || die "unknown tool '$tool' (one of: ${all[*]})"
done
start=$SECONDS
summary=()
for tool in "${tools[@]}"; do
  t0=$SECONDS
  "$REPO_ROOT/scripts/tools/$tool.sh" || die "building $tool failed (see the output above)"
  summary+=("$(printf '%-11s %4ss' "$tool" "$((SECONDS - t0))")")
done
if [ $((SECONDS - start)) -ge 5 ]; then
  log "tools ready in $((SECONDS - start))s:"
  printf '    %s\n' "${summary[@]}" >&2
fi
