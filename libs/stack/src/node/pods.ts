// Ending every pod of the node through its containerd (for `stack down`), and the shims left behind.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackConfig } from '../config.ts';
import { isAlive, readText } from '../proc.ts';
import { nodePaths } from './layout.ts';

const run = promisify(execFile);
/** The CRI plugin's containerd namespace. */
const CRI_NAMESPACE = 'k8s.io';

function ctr(cfg: StackConfig, ...args: string[]): Promise<string> {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  return run(cfg.tools.ctr, ['--address', sock, '--namespace', CRI_NAMESPACE, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  }).then((r) => r.stdout);
}

const ids = (out: string): string[] =>
  out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Kills every task (container process) and deletes every container this containerd runs for the
 * kubelet; returns how many there were. The Kubernetes objects stay: the next `stack up` starts the
 * pods again.
 */
export async function endPods(cfg: StackConfig): Promise<number> {
  const containers = ids(await ctr(cfg, 'containers', 'list', '--quiet'));
  for (const id of ids(await ctr(cfg, 'tasks', 'list', '--quiet'))) {
    await ctr(cfg, 'tasks', 'kill', '--signal', 'SIGKILL', id).catch(() => '');
  }
  for (let i = 0; i < 50; i++) {
    const left = ids(await ctr(cfg, 'tasks', 'list', '--quiet'));
    if (left.length === 0) break;
    for (const id of left) await ctr(cfg, 'tasks', 'delete', '--force', id).catch(() => '');
    await sleep(100);
  }
  for (const id of containers) await ctr(cfg, 'containers', 'delete', id).catch(() => '');
  return containers.length;
}

/**
 * Shims of this containerd that outlived it: processes whose command line names its socket (each
 * shim is started with `-address <socket>`), so never another containerd's. Ended by pid.
 */
export function shimPids(cfg: StackConfig): number[] {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (readText(`/proc/${entry}/cmdline`) ?? '').split('\0');
    if (argv[0]?.endsWith('containerd-shim-runc-v2') && argv.includes(sock)) out.push(Number(entry));
  }
  return out;
}

export async function endShims(cfg: StackConfig): Promise<number> {
  const pids = shimPids(cfg);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 30 && pids.some((p) => isAlive(p)); i++) await sleep(100);
  return pids.length;
}
