#!/usr/bin/env bash
# Miniflux built from the Go module proxy: the self-hosted feed reader bench/readers.bench.ts runs
# side by side with Tributary against the same local feeds. Only the bench uses it.
source "$(dirname "$0")/../lib.sh"
version="$MINIFLUX_VERSION"
skip_if_built miniflux "$version" bin/miniflux
begin_build miniflux "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building miniflux v$version from the Go module proxy (cold: ~2-5 min)"
GOBIN="$BUILD_DIR/bin" go install -trimpath -ldflags "-s -w -X miniflux.app/v2/internal/version.Version=$version" "miniflux.app/v2@v$version"
# The module path is miniflux.app/v2, so go install names the binary after "miniflux.app".
mv "$BUILD_DIR/bin/miniflux.app" "$BUILD_DIR/bin/miniflux"
expect_output "miniflux -version" "$version" "$BUILD_DIR/bin/miniflux" -version
finish_build
