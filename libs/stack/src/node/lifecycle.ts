// The node's steps around its servers: what `stack up` does before and after starting them, and
// what `stack down` does before containerd stops and once it has.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServerName, StackConfig } from '../config.ts';
import { ensureDir, readText } from '../proc.ts';
import { applyAddons, waitForNode } from './addons.ts';
import { ensureNodeNetwork, ownsNodeNetwork, requireRoot, teardownNodeNetwork, unmountNode } from './host.ts';
import { buildImages } from '../images/build.ts';
import { NODE_IMAGE_NAMES } from '../images/recipes.ts';
import { loadImages, nodeImages } from './images.ts';
import {
  CNI_NETWORK,
  renderCniConflist,
  renderContainerdConfig,
  renderKubeProxyConfig,
  renderKubeletConfig,
} from './files.ts';
import { nodePaths } from './layout.ts';
import { endPods, endShims } from './pods.ts';

type Log = (line: string) => void;

/** Writes only a changed file: kube-proxy exits when its config file is written, even unchanged. */
function write(file: string, text: string): void {
  if (readText(file) === text) return;
  ensureDir(dirname(file), 0o700);
  writeFileSync(file, text);
}

/** Before any server starts: the bridge (the apiserver binds to its address) and the config files. */
export async function prepareNode(cfg: StackConfig, log: Log): Promise<void> {
  await ensureNodeNetwork(cfg, log);
  const n = nodePaths(cfg.paths.stateDir);
  write(n.containerdConfig, renderContainerdConfig(cfg));
  write(`${n.cniConfDir}/10-${CNI_NETWORK}.conflist`, renderCniConflist(cfg));
  write(n.kubeletConfig, renderKubeletConfig(cfg));
  write(n.kubeProxyConfig, renderKubeProxyConfig(cfg));
  for (const dir of [n.kubeletRoot, n.podLogsDir, n.staticPodsDir, n.volumesDir]) ensureDir(dir, 0o755);
}

/** Once a server is healthy: containerd gets the images before the kubelet asks for a sandbox. */
export async function afterServerHealthy(cfg: StackConfig, name: ServerName, log: Log): Promise<void> {
  if (name !== 'containerd') return;
  await buildImages(cfg, NODE_IMAGE_NAMES, log);
  await loadImages(cfg, nodeImages(cfg), log);
}

/** Once every server is healthy: the node is Ready and the cluster add-ons roll out. */
export async function finishNodeUp(cfg: StackConfig, log: Log): Promise<void> {
  await waitForNode(cfg, log);
  await applyAddons(cfg, log);
}

/** Before containerd stops: end every pod while containerd can still say which are ours. */
export async function beforeServerStop(cfg: StackConfig, name: ServerName, log: Log): Promise<void> {
  if (name !== 'containerd') return;
  try {
    log(`containerd: ended the node's pods (${await endPods(cfg)} containers)`);
  } catch (err) {
    log(`containerd: could not end its pods (${(err as Error).message}); cleaning up by mounts`);
  }
}

/**
 * After containerd and the kubelet are down: leftover shims, then every mount under the node dir
 * (pod volumes, container root filesystems, the pods' network namespaces), then the network if
 * it is this stack's. A stack that never ran a node has nothing to clean.
 */
export async function afterNodeDown(cfg: StackConfig, log: Log): Promise<void> {
  if (!existsSync(nodePaths(cfg.paths.stateDir).dir)) return;
  requireRoot();
  const shims = await endShims(cfg);
  if (shims > 0) log(`containerd: ended ${shims} leftover shims`);
  await unmountNode(cfg);
  if (ownsNodeNetwork(cfg)) await teardownNodeNetwork(cfg, log);
}
