#!/usr/bin/env bash
# kube-router from the Go module proxy, used only as the local node's NetworkPolicy enforcer
# (iptables + ipset). Why kube-router: kube-network-policies needs nftables' queue statement, which
# this kernel lacks; Calico's felix needs its own datastore stack. v2.1.0 is the only version the
# proxy serves, and the dependencies it pins have published vulnerabilities, so the wrapper module
# raises the affected ones to their current releases (as downstream distributions patch it).
source "$(dirname "$0")/../lib.sh"
version="$KUBE_ROUTER_VERSION"
skip_if_built kube-router "$version" bin/kube-router
begin_build kube-router "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building kube-router v$version from the Go module proxy (cold: ~3-5 min)"
module=github.com/cloudnativelabs/kube-router/v2
go_wrapper_module "$module" "$version"
log "raising vulnerable dependencies: $KUBE_ROUTER_DEPENDENCY_BUMPS"
# shellcheck disable=SC2086 # a list of module@version words
go get $KUBE_ROUTER_DEPENDENCY_BUMPS >/dev/null 2>&1 || go get $KUBE_ROUTER_DEPENDENCY_BUMPS
go_build_cmds "-X $module/pkg/version.Version=v$version" "" "$module/cmd/kube-router"
expect_output "kube-router --version" "v$version" "$BUILD_DIR/bin/kube-router" --version
finish_build
