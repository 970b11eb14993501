// Process and file-system I/O for the stack: pid files, detached spawns, signals, port probes.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatPidFile, parsePidFile, procMatches } from './pidfile.ts';
import type { PidRecord } from './pidfile.ts';

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function pidFile(runDir: string, name: string): string {
  return join(runDir, `${name}.pid`);
}

export function readPidRecord(runDir: string, name: string): PidRecord | undefined {
  const text = readText(pidFile(runDir, name));
  return text === undefined ? undefined : parsePidFile(text);
}

export function writePidRecord(runDir: string, name: string, rec: PidRecord): void {
  mkdirSync(runDir, { recursive: true });
  const file = pidFile(runDir, name);
  writeFileSync(`${file}.tmp`, formatPidFile(rec));
  // rename is atomic: a reader never sees half a pid file.
  renameSync(`${file}.tmp`, file);
}

export function removePidFile(runDir: string, name: string): void {
  rmSync(pidFile(runDir, name), { force: true });
}

/** Whether `pid` is a live (non-zombie) process whose command line contains `match`. */
export function isAlive(pid: number, match?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procMatches(readText(`/proc/${pid}/stat`), readText(`/proc/${pid}/cmdline`), match);
}

/** uid/gid of a local user from /etc/passwd, or undefined. */
export function lookupUser(name: string): { uid: number; gid: number; home: string } | undefined {
  for (const line of (readText('/etc/passwd') ?? '').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
  }
  return undefined;
}

export interface DetachedOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  cwd?: string;
  uid?: number;
  gid?: number;
}

/**
 * Starts a server that outlives this process: its own session/process group (setsid), stdin closed,
 * stdout+stderr appended to its log file. Resolves to the pid once the exec succeeded.
 */
export async function spawnDetached(opts: DetachedOptions): Promise<number> {
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(opts.command, opts.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env,
      cwd: opts.cwd ?? '/',
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${opts.command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * Stops a server: `signal` to its main process, then SIGKILL to its whole process group after
 * `graceMs`. Resolves to how it ended.
 */
export async function stopProcess(
  pid: number,
  match: string | undefined,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<'stopped' | 'killed' | 'not running'> {
  if (!isAlive(pid, match)) return 'not running';
  try {
    process.kill(pid, signal);
  } catch {
    return 'not running';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, match)) {
      killGroup(pid); // leftovers (e.g. Postgres backends) of a group whose leader is gone
      return 'stopped';
    }
    await sleep(100);
  }
  killGroup(pid);
  for (let i = 0; i < 50 && isAlive(pid, match); i++) await sleep(100);
  return 'killed';
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // no such group any more
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last `n` lines of a log file (for error messages). */
export function tail(file: string, n = 15): string {
  const text = readText(file);
  if (!text) return '';
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

export function ensureDir(dir: string, mode = 0o755): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode });
}
