// The cluster add-ons every real cluster has and a bare kubelet lacks: DNS, NetworkPolicy
// enforcement, a storage provisioner and an ingress controller. Manifests live in libs/stack/addons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../config.ts';
import { runTool } from '../run-tool.ts';
import { ADDON_IMAGES, BUSYBOX_IMAGE } from '../images/names.ts';
import { repoRoot } from '../versions.ts';
import { NODE_NETWORK, nodePaths } from './layout.ts';

type Log = (line: string) => void;

/** The ingress controller add-on (Traefik): its namespace and the IngressClass it serves. */
export const INGRESS_CONTROLLER = { namespace: 'ingress', className: 'traefik' } as const;

/** Each add-on's manifest and the workloads whose rollout means it is ready. */
export const ADDONS = [
  { file: 'coredns.yaml', rollout: 'deployment/coredns', namespace: 'kube-system' },
  { file: 'kube-router.yaml', rollout: 'daemonset/kube-router', namespace: 'kube-system' },
  { file: 'local-path.yaml', rollout: 'deployment/local-path-provisioner', namespace: 'local-path-storage' },
  { file: 'traefik.yaml', rollout: 'deployment/traefik', namespace: INGRESS_CONTROLLER.namespace },
] as const;

export const ADDONS_DIR = join(repoRoot, 'libs', 'stack', 'addons');

/** The values the manifests' ${NAME} placeholders take. */
export function addonVars(cfg: StackConfig): Record<string, string> {
  return {
    ...ADDON_IMAGES(cfg),
    IMAGE_BUSYBOX: BUSYBOX_IMAGE,
    CLUSTER_DOMAIN: NODE_NETWORK.clusterDomain,
    CLUSTER_DNS: NODE_NETWORK.clusterDns,
    SERVICE_CIDR: NODE_NETWORK.serviceCidr,
    NODE_NAME: NODE_NETWORK.nodeName,
    NODE_IP: NODE_NETWORK.nodeIp,
    INGRESS_PORT: String(cfg.ports.ingress),
    KUBE_ROUTER_HEALTH_PORT: String(cfg.ports.kubeRouterHealth),
    VOLUMES_DIR: nodePaths(cfg.paths.stateDir).volumesDir,
  };
}

/** Fills ${NAME} placeholders; an unknown name is an error, never an empty string in a manifest. */
export function renderManifest(text: string, vars: Record<string, string>, file = 'manifest'): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`${file}: no value for \${${name}}`);
    return value;
  });
}

/** kubectl against the stack's apiserver as its admin. */
export function kubectl(cfg: StackConfig, args: string[], input?: string): Promise<string> {
  return runTool(cfg.tools.kubectl, ['--kubeconfig', cfg.paths.kubeconfig, ...args], {
    input,
    label: `kubectl ${args.join(' ')}`,
    providedBy: 'scripts/tools/kubernetes.sh',
  });
}

export async function waitForNode(cfg: StackConfig, log: Log): Promise<void> {
  const started = Date.now();
  await kubectl(cfg, [
    'wait',
    '--for=condition=Ready',
    `node/${NODE_NETWORK.nodeName}`,
    '--timeout=120s',
  ]).catch(async (err: Error) => {
    const conditions = await kubectl(cfg, ['get', 'node', NODE_NETWORK.nodeName, '-o', 'wide']).catch(
      () => '',
    );
    throw new Error(`node ${NODE_NETWORK.nodeName} did not become Ready: ${err.message}\n${conditions}`);
  });
  log(`node ${NODE_NETWORK.nodeName}: Ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** Applies every add-on (server-side, idempotent) and waits for each to roll out. */
export async function applyAddons(cfg: StackConfig, log: Log): Promise<void> {
  const vars = addonVars(cfg);
  const started = Date.now();
  for (const addon of ADDONS) {
    const manifest = renderManifest(readFileSync(join(ADDONS_DIR, addon.file), 'utf8'), vars, addon.file);
    await kubectl(
      cfg,
      ['apply', '--server-side', '--force-conflicts', '--field-manager=tributary-stack', '-f', '-'],
      manifest,
    );
  }
  for (const addon of ADDONS) {
    await kubectl(cfg, ['rollout', 'status', addon.rollout, '-n', addon.namespace, '--timeout=180s']);
  }
  log(
    `add-ons ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${ADDONS.map((a) => a.file.replace('.yaml', '')).join(', ')}`,
  );
}
