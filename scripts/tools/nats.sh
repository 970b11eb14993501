#!/usr/bin/env bash
# nats-server built from the Go module proxy. Not Debian's 2.9.10: multi-filter consumers and other
# JetStream features we use need >= 2.10 (see scripts/versions.env).
source "$(dirname "$0")/../lib.sh"
version="$NATS_SERVER_VERSION"
skip_if_built nats-server "$version" bin/nats-server
begin_build nats-server "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building nats-server v$version from the Go module proxy (cold: ~2-4 min)"
GOBIN="$BUILD_DIR/bin" go install -trimpath -ldflags "-s -w" "github.com/nats-io/nats-server/v2@v$version"
expect_output "nats-server --version" "$version" "$BUILD_DIR/bin/nats-server" --version
finish_build
