#!/usr/bin/env bash
# CoreDNS from the Go module proxy: the local cluster's DNS (an add-on image of its own).
source "$(dirname "$0")/../lib.sh"
version="$COREDNS_VERSION"
skip_if_built coredns "$version" bin/coredns
begin_build coredns "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building CoreDNS v$version from the Go module proxy (cold: ~3-5 min)"
go_wrapper_module github.com/coredns/coredns "$version"
go_build_cmds "" "" github.com/coredns/coredns
expect_output "coredns -version" "CoreDNS-$version" "$BUILD_DIR/bin/coredns" -version
finish_build
