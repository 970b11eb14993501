// How to start, probe and stop the node's servers: computed from the stack config, no I/O.
import { dirname, join } from 'node:path';
import type { NodeServerName, StackConfig } from '../config.ts';
import { LOOPBACK, kubeFiles } from '../kube.ts';
import type { ServerSpec } from '../servers.ts';
import { NODE_NETWORK, nodePaths } from './layout.ts';

/** Debian's runc, iptables, ipset, mount ... live in the sbin dirs, which a non-login PATH may lack. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** /healthz of a component serving HTTPS with its own self-signed cert (always-allowed path). */
const healthz = (port: number) =>
  ({ kind: 'http', url: `https://${LOOPBACK}:${port}/healthz`, expect: 'ok', insecureTls: true }) as const;

/** Flags every control-plane component shares: its identity and delegated authn/authz. */
function clientArgs(kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
  ];
}

export function containerdSpec(cfg: StackConfig): ServerSpec {
  const n = nodePaths(cfg.paths.stateDir);
  return {
    name: 'containerd',
    port: undefined,
    command: cfg.tools.containerd,
    args: ['--config', n.containerdConfig],
    // The shim (containerd-shim-runc-v2) is found on PATH, next to containerd.
    env: { PATH: `${dirname(cfg.tools.containerd)}:${SYSTEM_PATH}` },
    match: n.containerdConfig,
    dependsOn: [],
    health: { kind: 'command', command: cfg.tools.ctr, args: ['--address', n.containerdSocket, 'version'] },
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 20_000,
  };
}

export function kubeControllerManagerSpec(cfg: StackConfig): ServerSpec {
  const f = kubeFiles(cfg);
  return {
    name: 'kube-controller-manager',
    port: cfg.ports.kubeControllerManager,
    command: cfg.tools.kubeControllerManager,
    args: [
      ...clientArgs(f.componentKubeconfig('kube-controller-manager')),
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${cfg.ports.kubeControllerManager}`,
      `--cert-dir=${join(cfg.paths.kubeDir, 'controller-manager-certs')}`,
      // One instance: nothing to elect, and no lease renewals to fail while the apiserver restarts.
      '--leader-elect=false',
      // Each controller acts as its own ServiceAccount, as in a production control plane.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${f.saKey}`,
      `--root-ca-file=${f.caFile}`,
      `--service-cluster-ip-range=${NODE_NETWORK.serviceCidr}`,
      // The node's spec.podCIDR, which the NetworkPolicy enforcer reads.
      '--allocate-node-cidrs=true',
      `--cluster-cidr=${NODE_NETWORK.podSubnet}`,
      '--node-cidr-mask-size=24',
      '--v=1',
    ],
    env: {},
    match: f.componentKubeconfig('kube-controller-manager'),
    dependsOn: ['kube-apiserver'],
    health: healthz(cfg.ports.kubeControllerManager),
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 10_000,
  };
}

export function kubeSchedulerSpec(cfg: StackConfig): ServerSpec {
  const f = kubeFiles(cfg);
  return {
    name: 'kube-scheduler',
    port: cfg.ports.kubeScheduler,
    command: cfg.tools.kubeScheduler,
    args: [
      ...clientArgs(f.componentKubeconfig('kube-scheduler')),
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${cfg.ports.kubeScheduler}`,
      '--leader-elect=false',
      '--v=1',
    ],
    env: {},
    match: f.componentKubeconfig('kube-scheduler'),
    dependsOn: ['kube-apiserver'],
    health: healthz(cfg.ports.kubeScheduler),
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 10_000,
  };
}

export function kubeletSpec(cfg: StackConfig): ServerSpec {
  const n = nodePaths(cfg.paths.stateDir);
  return {
    name: 'kubelet',
    port: cfg.ports.kubelet,
    command: cfg.tools.kubelet,
    args: [
      `--config=${n.kubeletConfig}`,
      `--kubeconfig=${kubeFiles(cfg).componentKubeconfig('kubelet')}`,
      `--root-dir=${n.kubeletRoot}`,
      `--hostname-override=${NODE_NETWORK.nodeName}`,
      `--node-ip=${NODE_NETWORK.nodeIp}`,
      '--v=1',
    ],
    env: { PATH: SYSTEM_PATH },
    match: n.kubeletConfig,
    dependsOn: ['kube-apiserver', 'containerd'],
    health: { kind: 'http', url: `http://${LOOPBACK}:${cfg.ports.kubeletHealthz}/healthz`, expect: 'ok' },
    startTimeoutMs: 90_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 15_000,
  };
}

export function kubeProxySpec(cfg: StackConfig): ServerSpec {
  const n = nodePaths(cfg.paths.stateDir);
  return {
    name: 'kube-proxy',
    port: cfg.ports.kubeProxyHealthz,
    command: cfg.tools.kubeProxy,
    args: [`--config=${n.kubeProxyConfig}`, '--v=1'],
    env: { PATH: SYSTEM_PATH },
    match: n.kubeProxyConfig,
    dependsOn: ['kube-apiserver'],
    // 200 once the first sync of Services into iptables is done.
    health: {
      kind: 'http',
      url: `http://${LOOPBACK}:${cfg.ports.kubeProxyHealthz}/healthz`,
      expect: 'lastUpdated',
    },
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 10_000,
  };
}

export function nodeServerSpecs(cfg: StackConfig): Record<NodeServerName, ServerSpec> {
  return {
    containerd: containerdSpec(cfg),
    'kube-controller-manager': kubeControllerManagerSpec(cfg),
    'kube-scheduler': kubeSchedulerSpec(cfg),
    kubelet: kubeletSpec(cfg),
    'kube-proxy': kubeProxySpec(cfg),
  };
}
