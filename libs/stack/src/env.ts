import type { StackConfig } from './config.ts';
import { LOOPBACK } from './kube.ts';
import { NODE_NETWORK } from './node/layout.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './versions.ts';

/** Where the `tributary` executable lives: on PATH after `eval`, so the next command finds it. */
export const CLI_BIN_DIR = join(repoRoot, 'bin');

/** Connection settings for the stack's servers (what `stack env` exports). */
export interface StackUrls {
  KUBECONFIG: string;
  DATABASE_URL: string;
  NATS_URL: string;
  NEO4J_URL: string;
}

export function stackUrls(cfg: StackConfig): StackUrls {
  return {
    KUBECONFIG: cfg.paths.kubeconfig,
    DATABASE_URL: `postgres://postgres@${LOOPBACK}:${cfg.ports.postgres}/${cfg.database}`,
    NATS_URL: `nats://${LOOPBACK}:${cfg.ports.nats}`,
    NEO4J_URL: `bolt://${LOOPBACK}:${cfg.ports.neo4j}`,
  };
}

/** Tool dirs that go first on PATH: kubectl, helm, node, then the servers' own binaries. */
export function toolPathDirs(cfg: StackConfig): string[] {
  const t = cfg.tools;
  return [t.kubectl, t.helm, t.node, t.etcd, t.natsServer, t.neo4jLauncher, `${t.postgresBinDir}/psql`].map(
    (bin) => dirname(bin),
  );
}

/** Prepends `dirs` to a PATH value, dropping duplicates (so `eval` twice changes nothing). */
export function prependPath(dirs: string[], current: string | undefined): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of [...dirs, ...(current ?? '').split(':')]) {
    if (d === '' || seen.has(d)) continue;
    seen.add(d);
    out.push(d);
  }
  return out.join(':');
}

/** Single-quotes a value for POSIX shells. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `export KEY=value` lines, for `eval "$(tributary stack env)"`. */
export function renderEnv(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
}

/** The ingress controller's base URL from the host (the node's hostPort on the bridge). */
export const ingressUrl = (cfg: StackConfig): string => `http://${NODE_NETWORK.nodeIp}:${cfg.ports.ingress}`;

export function stackEnvVars(cfg: StackConfig, currentPath: string | undefined): Record<string, string> {
  return {
    ...stackUrls(cfg),
    ...(cfg.node ? { TRIBUTARY_INGRESS_URL: ingressUrl(cfg) } : {}),
    TRIBUTARY_STACK_DIR: cfg.paths.stateDir,
    PATH: prependPath([...toolPathDirs(cfg), CLI_BIN_DIR], currentPath),
  };
}

/** The project's Node (short, stable path) when installed, else the one running now. */
export const commandNode = (cfg: StackConfig): string =>
  existsSync(cfg.tools.node) ? cfg.tools.node : process.execPath;

/**
 * The `stack env` command with absolute paths (this Node, this CLI, a non-default state dir), so it
 * works in a fresh shell where neither `tributary` nor Node 24 is on PATH yet.
 */
export function stackEnvCommand(node: string, stateDirOverride: string | undefined): string {
  const prefix = stateDirOverride ? `TRIBUTARY_STACK_DIR=${shellQuote(stateDirOverride)} ` : '';
  return `${prefix}${shellQuote(node)} ${shellQuote(join(CLI_BIN_DIR, 'tributary.js'))} stack env`;
}
