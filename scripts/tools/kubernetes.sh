#!/usr/bin/env bash
# Kubernetes from the Go module proxy (no release downloads reach this network): the control plane
# (kube-apiserver, kube-controller-manager, kube-scheduler), the node (kubelet, kube-proxy) and kubectl.
# k8s.io/kubernetes replaces its staging modules with local paths, so `go install` fails: a wrapper
# module requires it and replaces each staging module k8s.io/<m> by its published v0.<minor>.<patch>.
source "$(dirname "$0")/../lib.sh"
version="$KUBERNETES_VERSION"
skip_if_built kubernetes "$version" bin/kube-proxy
begin_build kubernetes "$version" "Go >= 1.23, the Go module proxy and ~8 GiB of disk"
need_go
need_disk 8
cmds=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
log "building ${cmds[*]} v$version from the Go module proxy (cold: ~25-35 min on 2 cores)"
src="$(go_module_dir "k8s.io/kubernetes@v$version")"
[ -f "$src/go.mod" ] || die "could not download k8s.io/kubernetes@v$version"
staging_version="v0.${version#*.}"
mkdir -p "$BUILD_DIR/src" "$BUILD_DIR/bin"
cd "$BUILD_DIR/src"
go mod init tributary.local/kube-tools >/dev/null 2>&1
go mod edit -require "k8s.io/kubernetes@v$version"
# `k8s.io/api => ./staging/src/k8s.io/api` -> `-replace k8s.io/api=k8s.io/api@v0.35.4`
replaces=()
while read -r module; do
  replaces+=("-replace=$module=$module@$staging_version")
done < <(sed -n 's|^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*|\1|p' "$src/go.mod")
[ "${#replaces[@]}" -gt 10 ] || die "found no staging replaces in $src/go.mod"
go mod edit "${replaces[@]}"
# Other (non-staging) replace directives of k8s.io/kubernetes are carried over as they are.
while read -r line; do
  go mod edit "-replace=${line// /}"
done < <(sed -n '/^replace (/,/^)/p' "$src/go.mod" | grep '=>' | grep -v '\./staging/' | sed 's/^[[:space:]]*//; s/[[:space:]]*=>[[:space:]]*/=/' || true)
log "resolving modules"
go mod download k8s.io/kubernetes >/dev/null
{
  printf '//go:build tools\n\npackage tools\n\nimport (\n'
  printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "${cmds[@]}"
  printf ')\n'
} > tools.go
go mod tidy >/dev/null 2>&1 || go mod tidy
major="${version%%.*}"; minor="${version#*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=v$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
for cmd in "${cmds[@]}"; do
  log "go build $cmd"
  go build -trimpath -ldflags "$ldflags" -o "$BUILD_DIR/bin/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done
expect_output "kube-apiserver --version" "v$version" "$BUILD_DIR/bin/kube-apiserver" --version
for cmd in kube-controller-manager kube-scheduler kubelet kube-proxy; do
  expect_output "$cmd --version" "v$version" "$BUILD_DIR/bin/$cmd" --version
done
expect_output "kubectl version --client" "Client Version: v$version" "$BUILD_DIR/bin/kubectl" version --client
rm -rf "$BUILD_DIR/src"
finish_build
