#!/usr/bin/env bash
# What the local node and the image builds need from Debian: runc (containerd's runtime), the CNI
# plugins (bridge, host-local, portmap, loopback in /usr/lib/cni), iptables/ipset/conntrack
# (kube-proxy, the policy enforcer), podman/buildah + debootstrap + static busybox (images, no
# registry), and openssl (the apiserver's kubelet client certificate).
source "$(dirname "$0")/../lib.sh"
packages=(runc containernetworking-plugins iptables ipset conntrack podman buildah debootstrap busybox-static
  ca-certificates openssl)
# The cached marker is keyed by the package list, and only trusted while the commands are there.
version="$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-12)"
present() {
  command -v runc iptables ipset conntrack podman buildah debootstrap openssl >/dev/null 2>&1 &&
    [ -x /usr/lib/cni/bridge ] && [ -x /bin/busybox ]
}
if present && [ -e "$(tool_dir node-runtime "$version")/.installed" ]; then
  echo "ok node-runtime $version (cached)"
  exit 0
fi
begin_build node-runtime "$version" "root and a Debian mirror (apt)"
present || apt_install "${packages[@]}"
present || die "installed ${packages[*]}, but runc, iptables, podman or /usr/lib/cni/bridge is still missing"
expect_output "runc --version" "runc version" runc --version
touch "$BUILD_DIR/.installed"
finish_build
