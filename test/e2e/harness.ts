/**
 * E2E harness: the platform's roles as real child processes of bin/tributary.js (each with a log
 * file, killable with SIGKILL and restartable), a suite-owned nats-server (so the suite can restart
 * NATS without touching the shared stack), free ports, and bounded polling.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRIBUTARY_BIN, repoRoot } from '@tributary/stack';
import { waitFor as testkitWaitFor, freePort } from '@tributary/testkit';
// Re-exported for the suites that import it from here.
export { freePort } from '@tributary/testkit';

export function tailOf(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A long-running child process with its output appended to `logFile` across restarts. */
export class Proc {
  child: ChildProcess | undefined;
  readonly name: string;
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly logFile: string;
  readonly readyUrl: string | undefined;
  constructor(
    name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
    logDir: string,
    readyUrl?: string,
  ) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.env = env;
    this.logFile = join(logDir, `${name}.log`);
    this.readyUrl = readyUrl;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', fd, fd], cwd: repoRoot });
    closeSync(fd);
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited during start-up:\n${tailOf(this.logFile)}`);
      if (!this.readyUrl || (await httpOk(this.readyUrl))) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready in ${timeoutMs}ms:\n${tailOf(this.logFile)}`);
      await sleep(200);
    }
  }

  /** SIGKILL (no drain, no goodbye) and wait for the exit. */
  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** A worker/operator process of bin/tributary.js probed on its own metrics port. */
export async function tributaryProc(
  name: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
  probe: boolean,
): Promise<Proc> {
  if (!probe) return new Proc(name, process.execPath, [TRIBUTARY_BIN, ...args], env, logDir);
  const port = await freePort();
  return new Proc(
    name,
    process.execPath,
    [TRIBUTARY_BIN, ...args],
    { ...env, TRIBUTARY_METRICS_PORT: String(port) },
    logDir,
    `http://127.0.0.1:${port}/readyz`,
  );
}

/** The suite's own nats-server with JetStream (the shared stack's binary, a separate store dir). */
export async function ownNatsServer(binary: string, dir: string): Promise<{ proc: Proc; url: string }> {
  const port = await freePort();
  const storeDir = join(dir, 'nats-store');
  mkdirSync(storeDir, { recursive: true });
  const proc = new Proc(
    'nats',
    binary,
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    { PATH: process.env.PATH ?? '' },
    dir,
  );
  const start = proc.start.bind(proc);
  // Ready once the client port accepts connections (JetStream is up by then for a fresh server).
  proc.start = async () => {
    await start();
    await waitFor(
      'nats-server listening',
      () => tcpOpen(port),
      20_000,
      () => tailOf(proc.logFile),
    );
    await sleep(300);
  };
  await proc.start();
  return { proc, url: `nats://127.0.0.1:${port}` };
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** The testkit's waitFor, polling every 500 ms by default: the e2e checks query every store. */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  explain?: () => Promise<string> | string,
  everyMs = 500,
): Promise<T> {
  return testkitWaitFor(what, check, timeoutMs, explain, everyMs);
}

/** Runs bin/tributary.js once and returns its exit code and output. */
export function runTributary(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRIBUTARY_BIN, ...args], {
      env,
      cwd: repoRoot,
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * One `tributary ingest` process for `feed` against the stack's NATS, as a CronJob's pod runs it
 * (async: a fixture server in this process must keep serving meanwhile); resolves its exit code.
 */
export function ingestProcess(
  feed: { namespace: string; name: string },
  stack: { NATS_URL: string; natsPrefix: string },
  opts: { force?: boolean; timeoutMs?: number } = {},
): Promise<number | null> {
  const args = [TRIBUTARY_BIN, 'ingest', '--feed', `${feed.namespace}/${feed.name}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, opts.force ? [...args, '--force'] : args, {
      env: {
        ...process.env,
        TRIBUTARY_FEED: JSON.stringify(feed),
        TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true',
        NATS_URL: stack.NATS_URL,
        TRIBUTARY_NATS_PREFIX: stack.natsPrefix,
        LOG_LEVEL: 'error',
      },
      stdio: 'inherit',
      timeout: opts.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    child.once('error', reject);
    child.once('close', resolve);
  });
}
