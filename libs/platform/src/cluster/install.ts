/**
 * The chart on the local node: the images into containerd, the namespaces under the restricted Pod
 * Security Standard, the API's signing keys as a Secret, and `helm upgrade --install` (idempotent:
 * a second run is an upgrade that changes nothing).
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  DEV_IMAGES,
  INGRESS_CONTROLLER,
  NODE_NETWORK,
  PRODUCT_IMAGE,
  buildImages,
  ensureDir,
  kubectl,
  loadImages,
  repoRoot,
  runTool,
} from '@tributary/stack';
import type { StackConfig } from '@tributary/stack';
import { ensureDevSigningKeys } from '../up/dev-keys.ts';
import type { LocalInstallInput } from './values.ts';

type Log = (line: string) => void;

export const CHART_DIR = join(repoRoot, 'charts', 'tributary');
export const JWKS_SECRET = 'tributary-dev-signing-keys';

/** helm against the stack's apiserver; rejects with helm's stderr. */
export function helm(cfg: StackConfig, args: string[], timeoutMs = 900_000): Promise<string> {
  return runTool(cfg.tools.helm, args, {
    env: {
      ...process.env,
      KUBECONFIG: cfg.paths.kubeconfig,
      HELM_CACHE_HOME: join(cfg.paths.stateDir, 'helm'),
    },
    timeoutMs,
    label: `helm ${args[0]}`,
    providedBy: 'scripts/setup-tools.sh helm',
  });
}

/** The images the chart runs, built when their inputs changed and loaded into the node. */
export async function loadChartImages(cfg: StackConfig, log: Log): Promise<void> {
  await buildImages(cfg, ['tributary', 'nats', 'postgres', 'neo4j'], log);
  await loadImages(cfg, [PRODUCT_IMAGE, ...Object.values(DEV_IMAGES(cfg))], log);
}

/** A namespace whose pods must meet the restricted Pod Security Standard (as the chart's do). */
export async function ensureRestrictedNamespace(
  cfg: StackConfig,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  const ns = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        ...labels,
      },
    },
  };
  await kubectl(
    cfg,
    ['apply', '--server-side', '--field-manager=tributary-up', '-f', '-'],
    JSON.stringify(ns),
  );
}

/** The API's signing keys (created once in the state dir) as the Secret the chart mounts. */
export async function ensureSigningKeySecret(cfg: StackConfig, namespace: string, log: Log): Promise<void> {
  const file = join(cfg.paths.stateDir, 'api', 'signing-keys.json');
  log(`api signing keys: ${await ensureDevSigningKeys(file)} (${file})`);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: JWKS_SECRET, namespace },
    type: 'Opaque',
    stringData: { 'jwks.json': await readFile(file, 'utf8') },
  };
  await kubectl(
    cfg,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=tributary-up', '-f', '-'],
    JSON.stringify(secret),
  );
}

/** The values every local install shares; callers add what differs (admins, hosts, namespaces). */
export function localInstallInput(
  cfg: StackConfig,
  extra: Pick<LocalInstallInput, 'adminEmails' | 'feedNamespaces'>,
): LocalInstallInput {
  return {
    productImage: PRODUCT_IMAGE,
    devImages: DEV_IMAGES(cfg),
    apiServer: { ip: NODE_NETWORK.nodeIp, port: cfg.ports.kubeApiserver },
    ingress: INGRESS_CONTROLLER,
    jwksSecret: JWKS_SECRET,
    ...extra,
  };
}

export interface Release {
  name: string;
  namespace: string;
  values: object;
}

/** Where helmUpgrade keeps a release's values (JSON, so YAML too: skaffold's dev loop reads it). */
export const releaseValuesFile = (cfg: StackConfig, release: Pick<Release, 'name' | 'namespace'>): string =>
  join(cfg.paths.stateDir, 'helm', `${release.namespace}.${release.name}.values.json`);

/**
 * `helm upgrade --install --wait` with the values as a file in the state dir (kept for a look).
 * --take-ownership: the Feed CRD is cluster-wide, so a second release on the same node (a test's)
 * adopts it rather than failing; `crds.keep` leaves it when either is uninstalled.
 */
export async function helmUpgrade(cfg: StackConfig, release: Release, log: Log): Promise<void> {
  const valuesFile = releaseValuesFile(cfg, release);
  ensureDir(dirname(valuesFile));
  writeFileSync(valuesFile, `${JSON.stringify(release.values, null, 2)}\n`);
  const started = Date.now();
  await helm(cfg, [
    'upgrade',
    '--install',
    release.name,
    CHART_DIR,
    '--namespace',
    release.namespace,
    '-f',
    valuesFile,
    '--take-ownership',
    '--wait',
    '--timeout=12m',
  ]);
  log(
    `helm: ${release.namespace}/${release.name} deployed in ${((Date.now() - started) / 1000).toFixed(0)}s`,
  );
}
