#!/usr/bin/env bash
# etcd 3.5.x built from the Go module proxy. server/go.mod has replace directives, so `go install`
# fails; a wrapper module requiring go.etcd.io/etcd/server/v3 builds its main package instead.
source "$(dirname "$0")/../lib.sh"
version="$ETCD_VERSION"
skip_if_built etcd "$version" bin/etcd
begin_build etcd "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building etcd v$version from the Go module proxy (cold: ~2-4 min)"
mkdir -p "$BUILD_DIR/src" "$BUILD_DIR/bin"
cd "$BUILD_DIR/src"
go mod init tributary.local/etcd >/dev/null 2>&1
go get "go.etcd.io/etcd/server/v3@v$version" 2>&1 | { grep -vE "^go: (downloading|added|upgraded) " || true; } >&2
go build -trimpath -ldflags "-s -w" -o "$BUILD_DIR/bin/etcd" go.etcd.io/etcd/server/v3
expect_output "etcd --version" "etcd Version: $version" "$BUILD_DIR/bin/etcd" --version
rm -rf "$BUILD_DIR/src"
finish_build
