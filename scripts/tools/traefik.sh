#!/usr/bin/env bash
# Traefik v3 from the Go module proxy: the local cluster's ingress controller (standard Ingress
# objects). The web dashboard is not built (its npm build is not in the module; the embedded dir
# holds a placeholder), and the controller runs with the API/dashboard off.
source "$(dirname "$0")/../lib.sh"
version="$TRAEFIK_VERSION"
skip_if_built traefik "$version" bin/traefik
begin_build traefik "$version" "Go >= 1.23, the Go module proxy and ~3 GiB of disk"
need_go
need_disk 3
log "building Traefik v$version from the Go module proxy (cold: ~6-10 min on 2 cores)"
module=github.com/traefik/traefik/v3
go_wrapper_module "$module" "$version"
go_build_cmds "-X $module/pkg/version.Version=v$version -X $module/pkg/version.Codename=tributary" "" \
  "$module/cmd/traefik"
expect_output "traefik version" "v$version" "$BUILD_DIR/bin/traefik" version
finish_build
