#!/usr/bin/env bash
# rancher's local-path-provisioner from the Go module proxy: PersistentVolumes from node directories.
source "$(dirname "$0")/../lib.sh"
version="$LOCAL_PATH_PROVISIONER_VERSION"
skip_if_built local-path-provisioner "$version" bin/local-path-provisioner
begin_build local-path-provisioner "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building local-path-provisioner v$version from the Go module proxy (cold: ~2-3 min)"
go_wrapper_module github.com/rancher/local-path-provisioner "$version"
go_build_cmds "-X main.VERSION=v$version" "" github.com/rancher/local-path-provisioner
expect_output "local-path-provisioner --version" "v$version" "$BUILD_DIR/bin/local-path-provisioner" --version
finish_build
