#!/usr/bin/env bash
# helm v3 built from the Go module proxy (no replace directives: `go install` works).
source "$(dirname "$0")/../lib.sh"
version="$HELM_VERSION"
skip_if_built helm "$version" bin/helm
begin_build helm "$version" "Go >= 1.23 and the Go module proxy"
need_go
log "building helm v$version from the Go module proxy (cold: ~3-6 min)"
GOBIN="$BUILD_DIR/bin" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$version -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
  "helm.sh/helm/v3/cmd/helm@v$version"
expect_output "helm version" "v$version" "$BUILD_DIR/bin/helm" version --short
finish_build
