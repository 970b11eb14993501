// The node's footprint on the host: its bridge, route, sysctls, guard rules and, on the way down,
// every chain, ipset, mount and namespace it left. Root only.
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StackConfig } from '../config.ts';
import { ensureDir, readText } from '../proc.ts';
import { NODE_NETWORK, nodePaths } from './layout.ts';
import { mountsUnder, nodeIpsets, tableCleanup } from './netfilter.ts';

const run = promisify(execFile);
type Log = (line: string) => void;

/** Runs a host command; the error names the command and its stderr. */
async function sh(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { code?: string | number; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(`${command} is missing (scripts/setup-tools.sh node-runtime installs it)`, {
        cause: err,
      });
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr ?? String(err)).trim()}`, { cause: err });
  }
}

const quiet = (command: string, args: string[]): Promise<boolean> =>
  sh(command, args).then(
    () => true,
    () => false,
  );

/**
 * Sysctls the node changes: forwarding (the CNI bridge plugin turns it on anyway) and bridge
 * netfilter, without which replies between two pods on the bridge skip conntrack, so a pod reaching
 * another through a Service sees the reply come from the wrong address, and policies see nothing.
 */
const SYSCTLS: Record<string, string> = {
  'net/ipv4/ip_forward': '1',
  'net/bridge/bridge-nf-call-iptables': '1',
  'net/bridge/bridge-nf-call-ip6tables': '1',
};

const sysctlFile = (cfg: StackConfig): string =>
  join(nodePaths(cfg.paths.stateDir).dir, 'sysctl.before.json');
/** Which state dir owns the node (one per machine: one bridge, one subnet). */
const OWNER_FILE = '/run/tributary-node.owner';

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the local node needs root (bridge, iptables, containerd); run as root, or set TRIBUTARY_NODE=0 with a new TRIBUTARY_STACK_DIR for a stack without a node',
    );
  }
}

/**
 * Whether the machine's node network is this state dir's to remove: it ran a node here, and no
 * other stack has claimed the node since (a stack that never had a node must not take another's
 * bridge down with it).
 */
export function ownsNodeNetwork(cfg: StackConfig): boolean {
  const owner = readText(OWNER_FILE)?.trim();
  return existsSync(nodePaths(cfg.paths.stateDir).dir) && (!owner || owner === cfg.paths.stateDir);
}

/** Claims the machine's node for this state dir; fails if another live stack has it. */
function claimNode(cfg: StackConfig): void {
  const owner = readText(OWNER_FILE)?.trim();
  if (owner && owner !== cfg.paths.stateDir && existsSync(join(owner, 'node'))) {
    throw new Error(
      `the local node (bridge ${NODE_NETWORK.bridge}) belongs to the stack in ${owner}; stop it first (TRIBUTARY_STACK_DIR=${owner} tributary stack down)`,
    );
  }
  writeFileSync(OWNER_FILE, `${cfg.paths.stateDir}\n`);
}

/** Bridge with the node IP, the service route, sysctls and the guard: idempotent. */
export async function ensureNodeNetwork(cfg: StackConfig, log: Log): Promise<void> {
  requireRoot();
  claimNode(cfg);
  const n = nodePaths(cfg.paths.stateDir);
  ensureDir(n.dir, 0o700);
  const { bridge, nodeIp, serviceCidr } = NODE_NETWORK;
  if (!existsSync(sysctlFile(cfg))) {
    const before = Object.fromEntries(
      Object.keys(SYSCTLS).map((k) => [k, readText(`/proc/sys/${k}`)?.trim() ?? '']),
    );
    writeFileSync(sysctlFile(cfg), `${JSON.stringify(before)}\n`);
  }
  if (!(await quiet('ip', ['link', 'show', bridge]))) {
    log(`node network: bridge ${bridge} ${nodeIp}/24, service route ${serviceCidr}`);
    await sh('ip', ['link', 'add', bridge, 'type', 'bridge']);
  }
  await sh('ip', ['addr', 'replace', `${nodeIp}/24`, 'dev', bridge]);
  await sh('ip', ['link', 'set', bridge, 'up']);
  // ClusterIPs from the host never follow the default route.
  await sh('ip', ['route', 'replace', serviceCidr, 'dev', bridge, 'src', nodeIp]);
  for (const [key, value] of Object.entries(SYSCTLS)) writeFileSync(`/proc/sys/${key}`, value);
  await ensureGuard();
}

/**
 * Pods have no default route; this makes the rule hold even for a pod that adds one: nothing is
 * forwarded between the bridge and any other interface, either way. In mangle, which runs before
 * the filter rules that kube-proxy and the policy enforcer add (and may ACCEPT in).
 */
async function ensureGuard(): Promise<void> {
  const chain = 'TRIB-NODE-GUARD';
  const br = NODE_NETWORK.bridge;
  for (const ipt of ['iptables', 'ip6tables']) {
    if (!(await quiet(ipt, ['-t', 'mangle', '-S', chain]))) await sh(ipt, ['-t', 'mangle', '-N', chain]);
    await sh(ipt, ['-t', 'mangle', '-F', chain]);
    await sh(ipt, ['-t', 'mangle', '-A', chain, '-i', br, '!', '-o', br, '-j', 'DROP']);
    await sh(ipt, ['-t', 'mangle', '-A', chain, '!', '-i', br, '-o', br, '-j', 'DROP']);
    if (!(await quiet(ipt, ['-t', 'mangle', '-C', 'FORWARD', '-j', chain]))) {
      await sh(ipt, ['-t', 'mangle', '-I', 'FORWARD', '1', '-j', chain]);
    }
  }
}

/** Unmounts everything the kubelet and containerd mounted under the node dir, deepest first. */
export async function unmountNode(cfg: StackConfig): Promise<void> {
  const dir = nodePaths(cfg.paths.stateDir).dir;
  for (let pass = 0; pass < 3; pass++) {
    const points = mountsUnder(readText('/proc/self/mountinfo') ?? '', dir);
    if (points.length === 0) return;
    for (const p of points) {
      if (!(await quiet('umount', [p]))) await quiet('umount', ['-l', p]);
    }
  }
}

/** Every chain and ipset the node's components made, the bridge (and its route), the sysctls. */
export async function teardownNodeNetwork(cfg: StackConfig, log: Log): Promise<void> {
  requireRoot();
  let rules = 0;
  for (const ipt of ['iptables', 'ip6tables']) {
    for (const table of ['raw', 'mangle', 'filter', 'nat']) {
      const listing = await sh(ipt, ['-t', table, '-S']).catch(() => '');
      const { deleteRules, chains } = tableCleanup(listing);
      for (const r of deleteRules) if (await quiet(ipt, ['-t', table, ...r])) rules++;
      for (const c of chains) await quiet(ipt, ['-t', table, '-F', c]);
      for (const c of chains) if (await quiet(ipt, ['-t', table, '-X', c])) rules++;
    }
  }
  const sets = nodeIpsets(await sh('ipset', ['list', '-n']).catch(() => ''));
  for (const s of sets) await quiet('ipset', ['destroy', s]);
  if (await quiet('ip', ['link', 'show', NODE_NETWORK.bridge]))
    await sh('ip', ['link', 'del', NODE_NETWORK.bridge]);
  const n = nodePaths(cfg.paths.stateDir);
  rmSync(join(n.dir, 'ipam'), { recursive: true, force: true });
  const saved = readText(sysctlFile(cfg));
  if (saved) {
    for (const [key, value] of Object.entries(JSON.parse(saved) as Record<string, string>)) {
      if (value !== '') writeFileSync(`/proc/sys/${key}`, value);
    }
    rmSync(sysctlFile(cfg));
  }
  if (readText(OWNER_FILE)?.trim() === cfg.paths.stateDir) rmSync(OWNER_FILE, { force: true });
  log(
    `node network removed: bridge ${NODE_NETWORK.bridge}, ${rules} rules/chains, ${sets.length} ipsets; sysctls restored`,
  );
}
