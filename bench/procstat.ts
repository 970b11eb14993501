// Process-tree accounting from /proc for the side-by-side benches: CPU seconds and RSS summed over a
// process and all its descendants. CPU includes cutime/cstime, so children that already exited and
// were reaped (Postgres backends, per-feed ingest processes) still count.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

interface Stat {
  pid: number;
  ppid: number;
  cpu: number; // seconds: utime + stime + cutime + cstime
  rssBytes: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = raw.slice(raw.lastIndexOf(') ') + 2).split(' ');
    // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14-17, rss (pages) field 24.
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    return { pid, ppid: Number(f[1]), cpu: ticks / TICK, rssBytes: Number(f[21]) * 4096 };
  } catch {
    return undefined; // exited meanwhile
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** Sum of CPU seconds and RSS over each root's tree (a pid listed twice counts once). */
export function treeUsage(roots: number[]): { cpuSeconds: number; rssBytes: number } {
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const seen = new Set<number>();
  let cpu = 0;
  let rss = 0;
  const walk = (s: Stat) => {
    if (seen.has(s.pid)) return;
    seen.add(s.pid);
    // A child's cutime is already in its parent's only after it is reaped, and a reaped child is no
    // longer listed: adding every listed process's own ticks plus cutime never counts twice.
    cpu += s.cpu;
    rss += s.rssBytes;
    for (const c of children.get(s.pid) ?? []) walk(c);
  };
  for (const r of roots) {
    const s = byPid.get(r);
    if (s) walk(s);
  }
  return { cpuSeconds: cpu, rssBytes: rss };
}

/** Pids whose command line contains every one of the given strings. */
export function findPids(...parts: string[]): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (parts.every((p) => cmd.includes(p))) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineCpuSeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = line;
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICK;
}

/**
 * Samples treeUsage every intervalMs while a phase runs: CPU delta and peak RSS of the trees.
 * `roots` is re-evaluated at each sample, so processes that appear later (backends) are included.
 */
export function meter(roots: () => number[], intervalMs = 250) {
  const start = treeUsage(roots());
  let peak = start.rssBytes;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeUsage(roots()).rssBytes);
  }, intervalMs);
  return {
    stop(): { cpuSeconds: number; peakRssMB: number } {
      clearInterval(timer);
      const end = treeUsage(roots());
      peak = Math.max(peak, end.rssBytes);
      return {
        cpuSeconds: +(end.cpuSeconds - start.cpuSeconds).toFixed(2),
        peakRssMB: Math.round(peak / 1e6),
      };
    },
  };
}

/** CPU seconds of this process's exited and reaped children (cutime + cstime of /proc/self/stat). */
export function reapedChildrenCpuSeconds(): number {
  const raw = readFileSync('/proc/self/stat', 'utf8');
  const f = raw.slice(raw.lastIndexOf(') ') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / TICK;
}
