/** What `up` records in <state>/run/<server>.pid (JSON; a bare number is accepted too). */
export interface PidRecord {
  pid: number;
  port?: number;
  /** Substring of /proc/<pid>/cmdline that identifies the server (guards against pid reuse). */
  match?: string;
  startedAt?: string;
}

export function formatPidFile(rec: PidRecord): string {
  return `${JSON.stringify(rec)}\n`;
}

/** Parses a pid file; undefined when it is empty or garbage (treated as stale). */
export function parsePidFile(text: string): PidRecord | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const pid = Number(trimmed);
    return pid > 0 ? { pid } : undefined;
  }
  try {
    const data = JSON.parse(trimmed) as Partial<PidRecord>;
    if (typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return undefined;
    const rec: PidRecord = { pid: data.pid };
    if (typeof data.port === 'number') rec.port = data.port;
    if (typeof data.match === 'string') rec.match = data.match;
    if (typeof data.startedAt === 'string') rec.startedAt = data.startedAt;
    return rec;
  } catch {
    return undefined;
  }
}

/**
 * Whether /proc/<pid>/stat and cmdline describe a live process of this server: not a zombie, and
 * (when `match` is known) its command line contains it.
 */
export function procMatches(stat: string | undefined, cmdline: string | undefined, match?: string): boolean {
  if (stat === undefined || cmdline === undefined) return false;
  // stat: "pid (comm) S ..." — comm may contain spaces/parens, so read the state after the last ')'.
  const state = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(' ')[0];
  if (state === 'Z' || state === 'X' || state === 'x') return false;
  if (match === undefined) return true;
  return cmdline.split('\0').join(' ').includes(match);
}
