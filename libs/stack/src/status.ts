import type { ServerName } from './config.ts';

export type ServerState = 'healthy' | 'unhealthy' | 'stopped' | 'dead';

export interface ServerStatus {
  name: ServerName;
  state: ServerState;
  port: number | undefined;
  pid?: number;
  /** Human detail, e.g. "pid 123 is gone (stale pid file)". */
  detail?: string;
  logFile: string;
}

/** A row of a status table: a server, or (in `tributary status`) a platform process. */
export type StatusRow = Omit<ServerStatus, 'name' | 'port'> & { name: string; port?: number | undefined };

/** The `stack status` table; `first` names the first column (SERVER, PROCESS). */
export function formatStatus(rows: readonly StatusRow[], first = 'SERVER'): string {
  const header = [first, 'PID', 'PORT', 'HEALTH', 'LOG'];
  const body = rows.map((r) => [
    r.name,
    r.pid === undefined ? '-' : String(r.pid),
    r.port === undefined ? '-' : String(r.port),
    r.detail ? `${r.state} (${r.detail})` : r.state,
    r.logFile,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  return [header, ...body]
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function allHealthy(rows: readonly StatusRow[]): boolean {
  return rows.every((r) => r.state === 'healthy');
}
