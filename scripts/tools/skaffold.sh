#!/usr/bin/env bash
# skaffold v2 built from the Go module proxy. Its go.mod has replace directives (so `go install`
# fails): build from a writable copy of the downloaded module dir instead. Used by `make dev` and to
# validate skaffold.yaml (`skaffold diagnose --yaml-only`); the build is the largest of all tools.
source "$(dirname "$0")/../lib.sh"
version="$SKAFFOLD_VERSION"
skip_if_built skaffold "$version" bin/skaffold
begin_build skaffold "$version" "Go >= 1.23, the Go module proxy and ~6 GiB of disk"
need_go
need_disk 6
log "building skaffold v$version from the Go module proxy (cold: ~8-15 min on 2 cores)"
module=github.com/GoogleContainerTools/skaffold/v2
src="$(go_module_dir "$module@v$version")"
[ -f "$src/go.mod" ] || die "could not download $module@v$version"
cp -r "$src" "$BUILD_DIR/src"
chmod -R u+w "$BUILD_DIR/src"
mkdir -p "$BUILD_DIR/bin"
cd "$BUILD_DIR/src"
go build -mod=mod -trimpath \
  -ldflags "-s -w -X $module/pkg/skaffold/version.version=v$version" \
  -o "$BUILD_DIR/bin/skaffold" ./cmd/skaffold
expect_output "skaffold version" "v$version" "$BUILD_DIR/bin/skaffold" version
rm -rf "$BUILD_DIR/src"
finish_build
