/**
 * `tributary up` / `tributary down` / `tributary status`: the platform as users run it, on the
 * local node — the stack's control plane and node, the images built into containerd, and the chart
 * installed by `helm upgrade --install` (dev NATS/PostgreSQL/Neo4j, the sample feed server, the
 * ingress on Traefik). Kubernetes supervises the platform; `up` again is an idempotent upgrade.
 */
import { existsSync } from 'node:fs';
import {
  NODE_SERVER_NAMES,
  commandNode,
  ingressUrl,
  kubectl,
  loadConfig,
  loadNodeStackConfig,
  stackDown,
  stackEnvCommand,
  stackStatus,
  stackUp,
} from '@tributary/stack';
import type { StackConfig, StatusRow } from '@tributary/stack';
import {
  ensureRestrictedNamespace,
  ensureSigningKeySecret,
  helm,
  helmUpgrade,
  loadChartImages,
  localInstallInput,
} from '../cluster/install.ts';
import { localChartValues } from '../cluster/values.ts';
import { podRows } from './pod-status.ts';
import type { PodList } from './pod-status.ts';
import {
  DEMO_NAMESPACE,
  PLATFORM_NAMESPACE,
  PLATFORM_RELEASE,
  localAdminEmails,
  nextSteps,
  samplesUrl,
  sampleFeeds,
} from './plan.ts';

type Log = (line: string) => void;

/** The machine's one node stack: the platform and the tests that need pods share it. */
const platformConfig = (): StackConfig => loadNodeStackConfig();
const CLUSTER_SERVERS = ['etcd', 'kube-apiserver', ...NODE_SERVER_NAMES] as const;

export async function platformUp(log: Log): Promise<void> {
  const cfg = platformConfig();
  const indent = (line: string) => log(`    ${line}`);
  if (process.getuid?.() !== 0) {
    throw new Error(
      '`make up` runs the platform on a local Kubernetes node, which needs root (bridge, iptables, containerd); without root or a container runtime use `make dev` (kind + Docker)',
    );
  }
  log('==> local cluster: control plane, node, add-ons');
  await stackUp(cfg, [...CLUSTER_SERVERS], indent);

  log('==> images (podman/buildah, loaded into the node)');
  await loadChartImages(cfg, indent);

  log(`==> namespaces ${PLATFORM_NAMESPACE}, ${DEMO_NAMESPACE}; API signing keys`);
  await ensureRestrictedNamespace(cfg, PLATFORM_NAMESPACE);
  await ensureRestrictedNamespace(cfg, DEMO_NAMESPACE);
  await ensureSigningKeySecret(cfg, PLATFORM_NAMESPACE, indent);

  log(`==> helm upgrade --install ${PLATFORM_RELEASE} charts/tributary`);
  const adminEmails = localAdminEmails(process.env);
  const values = localChartValues(localInstallInput(cfg, { adminEmails, feedNamespaces: [DEMO_NAMESPACE] }));
  await helmUpgrade(cfg, { name: PLATFORM_RELEASE, namespace: PLATFORM_NAMESPACE, values }, indent);

  log('==> sample feeds');
  const feeds = sampleFeeds(DEMO_NAMESPACE, samplesUrl(PLATFORM_RELEASE, PLATFORM_NAMESPACE));
  await kubectl(
    cfg,
    ['apply', '--server-side', '--field-manager=tributary-up', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: feeds }),
  );
  // The operator fetches a new Feed once right away, so there is data to look at.
  for (const feed of feeds) indent(`feed ${DEMO_NAMESPACE}/${feed.metadata.name} -> ${feed.spec.url}`);
  log(
    nextSteps({
      ingressUrl: ingressUrl(cfg),
      envCommand: stackEnvCommand(commandNode(cfg), cfg.paths.stateDir),
      adminEmails,
    }),
  );
}

/** The release's pods as status rows (empty when the cluster is down or nothing is installed). */
async function releasePods(cfg: StackConfig): Promise<StatusRow[]> {
  try {
    const list = JSON.parse(
      await kubectl(cfg, ['get', 'pods', '-n', PLATFORM_NAMESPACE, '-o', 'json', '--request-timeout=5s']),
    ) as PodList;
    return podRows(list, PLATFORM_NAMESPACE);
  } catch {
    return [];
  }
}

/** `tributary status`: the cluster's servers, then the release's pods. */
export async function platformStatus(): Promise<{ servers: StatusRow[]; pods: StatusRow[] }> {
  const cfg = platformConfig();
  const servers = await stackStatus(cfg, [...CLUSTER_SERVERS]);
  const up = servers.find((s) => s.name === 'kube-apiserver')?.state === 'healthy';
  return { servers, pods: up ? await releasePods(cfg) : [] };
}

/**
 * Uninstalls the release (its volumes stay, as PVCs of StatefulSets do), stops the node stack,
 * then the tests' shared stack of host servers when there is one.
 */
export async function platformDown(log: Log): Promise<void> {
  const cfg = platformConfig();
  const [apiserver] = await stackStatus(cfg, ['kube-apiserver']);
  if (apiserver?.state === 'healthy') {
    const releases = await helm(cfg, ['list', '-n', PLATFORM_NAMESPACE, '-q']).catch(() => '');
    if (releases.split('\n').includes(PLATFORM_RELEASE)) {
      await helm(cfg, ['uninstall', PLATFORM_RELEASE, '-n', PLATFORM_NAMESPACE, '--wait', '--timeout=3m']);
      log(`helm: uninstalled ${PLATFORM_NAMESPACE}/${PLATFORM_RELEASE}`);
    }
  }
  if (existsSync(cfg.paths.stateDir)) await stackDown(cfg, undefined, log);
  const shared = loadConfig();
  if (existsSync(shared.paths.stateDir) && shared.paths.stateDir !== cfg.paths.stateDir) {
    await stackDown(shared, undefined, (line) => log(`test stack: ${line}`));
  }
}
