#!/usr/bin/env bash
# kind built from the Go module proxy. Creating clusters needs Docker (`make dev`); without it kind is
# still used to validate kind-config.yaml.
source "$(dirname "$0")/../lib.sh"
version="$KIND_VERSION"
skip_if_built kind "$version" bin/kind
begin_build kind "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building kind v$version from the Go module proxy (cold: ~1-2 min)"
GOBIN="$BUILD_DIR/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kind@v$version"
expect_output "kind version" "v$version" "$BUILD_DIR/bin/kind" version
finish_build
