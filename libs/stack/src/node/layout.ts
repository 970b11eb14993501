// Where the local node keeps its state, and the addresses of its one bridge network. Pure: no I/O.
import { join } from 'node:path';

/**
 * One bridge is the node IP, the apiserver address and the pod gateway. Pods get routes to the pod
 * subnet and the service CIDR only (no default route) and nothing is NATed, so no packet from the
 * cluster can leave the machine.
 */
export const NODE_NETWORK = {
  bridge: 'trib-cni0',
  nodeIp: '10.89.78.1',
  podSubnet: '10.89.78.0/24',
  /** Also the apiserver's --service-cluster-ip-range; 10.0.0.1 is the `kubernetes` Service. */
  serviceCidr: '10.0.0.0/24',
  clusterDns: '10.0.0.10',
  clusterDomain: 'cluster.local',
  nodeName: 'tributary-node',
} as const;

export interface NodePaths {
  dir: string;
  containerdConfig: string;
  containerdRoot: string;
  containerdState: string;
  containerdSocket: string;
  kubeletConfig: string;
  kubeletRoot: string;
  podLogsDir: string;
  staticPodsDir: string;
  kubeProxyConfig: string;
  cniConfDir: string;
  /** Host dirs that local-path-provisioner hands out as PersistentVolumes. */
  volumesDir: string;
}

export function nodePaths(stateDir: string): NodePaths {
  const dir = join(stateDir, 'node');
  return {
    dir,
    containerdConfig: join(dir, 'containerd', 'config.toml'),
    containerdRoot: join(dir, 'containerd', 'root'),
    containerdState: join(dir, 'containerd', 'state'),
    containerdSocket: join(dir, 'containerd.sock'),
    kubeletConfig: join(dir, 'kubelet', 'config.yaml'),
    kubeletRoot: join(dir, 'kubelet', 'root'),
    podLogsDir: join(dir, 'kubelet', 'pod-logs'),
    staticPodsDir: join(dir, 'kubelet', 'manifests'),
    kubeProxyConfig: join(dir, 'kube-proxy.yaml'),
    cniConfDir: join(dir, 'cni'),
    volumesDir: join(dir, 'volumes'),
  };
}
