#!/usr/bin/env bash
# containerd 2.x (+ its runc shim and ctr) from the Go module proxy: the local node's CRI runtime.
# Not Debian's 1.6: end-of-life, and kubelet 1.36 drops the fallback it needs. Static (cgo off), so
# without the btrfs/devmapper snapshotters, which the node does not use (overlayfs).
source "$(dirname "$0")/../lib.sh"
version="$CONTAINERD_VERSION"
skip_if_built containerd "$version" bin/ctr
begin_build containerd "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building containerd v$version from the Go module proxy (cold: ~2-4 min)"
module=github.com/containerd/containerd/v2
go_wrapper_module "$module" "$version"
go_build_cmds "-X $module/version.Version=v$version" "urfave_cli_no_docs no_btrfs no_devmapper" \
  "$module/cmd/containerd" "$module/cmd/containerd-shim-runc-v2" "$module/cmd/ctr"
expect_output "containerd --version" "v$version" "$BUILD_DIR/bin/containerd" --version
expect_output "containerd config default" "version = 3" "$BUILD_DIR/bin/containerd" config default
finish_build
