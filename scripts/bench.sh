#!/usr/bin/env bash
# Runs every benchmark under bench/ (each writes bench/results/<name>.json). Never asserts timings.
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
benches=("$REPO_ROOT"/bench/*.bench.ts)
if [ ${#benches[@]} -eq 0 ]; then echo "no benchmarks yet"; exit 0; fi
mkdir -p "$REPO_ROOT/bench/results"
# readers.bench.ts runs Miniflux side by side with Tributary.
"$REPO_ROOT/scripts/tools/miniflux.sh"
export MINIFLUX_VERSION
for b in "${benches[@]}"; do
  log "bench $(basename "$b" .bench.ts)"
  node "$b"
done
