#!/usr/bin/env bash
# The in-cluster developer loop: kind + skaffold dev. Needs a reachable Docker engine.
source "$(dirname "$0")/lib.sh"
if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  die "make dev needs a running Docker engine (for kind) plus kind and skaffold; none is reachable here.
Without Docker, 'make up' runs the whole platform locally on real servers."
fi
die "make dev: the kind + skaffold loop is not wired up yet"
