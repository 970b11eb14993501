import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parses `KEY=value` lines of scripts/versions.env (comments, blank lines and quotes allowed). */
export function parseVersionsEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`versions.env: cannot parse line: ${raw}`);
    let value = m[2]!.trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

/** The pinned tool versions the stack needs (one source of truth: scripts/versions.env). */
export interface Versions {
  node: string;
  npm: string;
  kubernetes: string;
  containerd: string;
  coredns: string;
  kubeRouter: string;
  localPathProvisioner: string;
  traefik: string;
  etcd: string;
  helm: string;
  natsServer: string;
  neo4j: string;
  postgresMajor: string;
}

export function versionsFrom(vars: Record<string, string>): Versions {
  const need = (key: string): string => {
    const v = vars[key];
    if (!v) throw new Error(`scripts/versions.env has no ${key}`);
    return v;
  };
  return {
    node: need('NODE_VERSION'),
    npm: need('NPM_VERSION'),
    kubernetes: need('KUBERNETES_VERSION'),
    containerd: need('CONTAINERD_VERSION'),
    coredns: need('COREDNS_VERSION'),
    kubeRouter: need('KUBE_ROUTER_VERSION'),
    localPathProvisioner: need('LOCAL_PATH_PROVISIONER_VERSION'),
    traefik: need('TRAEFIK_VERSION'),
    etcd: need('ETCD_VERSION'),
    helm: need('HELM_VERSION'),
    natsServer: need('NATS_SERVER_VERSION'),
    neo4j: need('NEO4J_VERSION'),
    postgresMajor: need('POSTGRES_MAJOR'),
  };
}

/** The repository root (this file is libs/stack/src/versions.ts). */
export const repoRoot: string = join(import.meta.dirname, '..', '..', '..');
/** This checkout's CLI (what the image's `tributary` entrypoint runs): for tests that spawn roles. */
export const TRIBUTARY_BIN = join(repoRoot, 'bin', 'tributary.js');

export function loadVersions(root: string = repoRoot): Versions {
  return versionsFrom(parseVersionsEnv(readFileSync(join(root, 'scripts', 'versions.env'), 'utf8')));
}
