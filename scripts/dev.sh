#!/usr/bin/env bash
# `make dev`: the in-cluster developer loop.
# - With a reachable Docker engine, on kind: creates the kind cluster from kind-config.yaml when it
#   is missing, installs ingress-nginx on the ingress-ready control-plane node, then runs
#   `skaffold dev -p kind` (builds the image, loads it into kind, deploys the chart with dev values,
#   forwards the API to http://127.0.0.1:8080 and serves http://tributary.localhost via the Ingress).
# - Without Docker, on the local node of `make up`: `tributary dev` (skaffold dev -p local, images
#   built with podman and loaded into the node's containerd).
#   CLUSTER=tributary  INGRESS_NGINX_CHART_VERSION=4.13.3  scripts/dev.sh [extra skaffold dev flags]
source "$(dirname "$0")/lib.sh"
export PATH="$("$REPO_ROOT/scripts/env.sh" --path)"
cluster="${CLUSTER:-tributary}"
ingress_chart_version="${INGRESS_NGINX_CHART_VERSION:-4.13.3}"

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  log "no Docker engine: the dev loop runs on the local node (tributary dev)"
  command -v skaffold >/dev/null 2>&1 || "$REPO_ROOT/scripts/setup-tools.sh" skaffold
  exec tributary dev "$@"
fi
for tool in kind skaffold helm kubectl; do
  command -v "$tool" >/dev/null 2>&1 || die "make dev needs $tool on PATH (make setup builds it into $TOOLS)"
done

clusters="$(kind get clusters 2>/dev/null)" || clusters=
if [[ $'\n'"$clusters"$'\n' == *$'\n'"$cluster"$'\n'* ]]; then
  log "kind cluster '$cluster' exists"
else
  log "creating kind cluster '$cluster' from kind-config.yaml"
  kind create cluster --name "$cluster" --config "$REPO_ROOT/kind-config.yaml" --wait 120s
fi
context="kind-$cluster"

log "installing ingress-nginx $ingress_chart_version (hostPorts 80/443 on the ingress-ready node)"
helm upgrade --install ingress-nginx ingress-nginx \
  --repo https://kubernetes.github.io/ingress-nginx --version "$ingress_chart_version" \
  --kube-context "$context" --namespace ingress-nginx --create-namespace \
  --set controller.hostPort.enabled=true \
  --set controller.service.type=NodePort \
  --set-string 'controller.nodeSelector.ingress-ready=true' \
  --set 'controller.tolerations[0].key=node-role.kubernetes.io/control-plane' \
  --set 'controller.tolerations[0].operator=Exists' \
  --set 'controller.tolerations[0].effect=NoSchedule' \
  --set controller.publishService.enabled=false \
  --set controller.extraArgs.publish-status-address=localhost \
  --wait --timeout 5m

log "skaffold dev (Ctrl-C stops it and removes the release)"
cd "$REPO_ROOT"
exec skaffold dev -p kind --kube-context "$context" --port-forward "$@"
