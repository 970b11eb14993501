#!/usr/bin/env bash
# Builds/installs the local servers' tools into the cache (placeholder until the tool scripts land).
source "$(dirname "$0")/lib.sh"
"$REPO_ROOT/scripts/tools/node.sh"
