/**
 * The state of each process `tributary up` starts (workers, operator, runner, API, sample feeds),
 * from its pid file and readiness URL: what `tributary status` prints under the servers.
 */
import type { StatusRow } from '@tributary/stack';
import type { PlatformProcess } from './plan.ts';

export interface ProcessProbe {
  /** The pid file's pid and command-line match, if there is a pid file. */
  record: { pid: number; match?: string | undefined } | undefined;
  alive: boolean;
  /** The readiness URL answered 200 (undefined when the process has none or is not alive). */
  ready: boolean | undefined;
}

/** Pure: one status row from what was probed. */
export function processRow(p: PlatformProcess, probe: ProcessProbe, logFile: string): StatusRow {
  const port = p.readyUrl ? Number(new URL(p.readyUrl).port) : undefined;
  const base = { name: p.name, port, logFile };
  if (!probe.record) return { ...base, state: 'stopped' };
  const pid = probe.record.pid;
  if (!probe.alive) return { ...base, pid, state: 'dead', detail: `pid ${pid} is gone; stale pid file` };
  if (probe.ready === false)
    return { ...base, pid, state: 'unhealthy', detail: `${p.readyUrl} does not answer 200` };
  return { ...base, pid, state: 'healthy' };
}
