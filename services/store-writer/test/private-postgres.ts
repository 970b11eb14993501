// A PostgreSQL server of the test's own (own data dir and port), so an outage test can stop and
// start it without touching the shared stack. Started the way the stack starts its server: the
// stack's binaries, initdb with trust auth, run as the `postgres` user when the test runs as root.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { waitFor, freePort, stopChild } from '@tributary/testkit';

const exec = promisify(execFile);

async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  /** Fast shutdown (SIGINT): open sessions get 57P01, new connections are refused. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function privatePostgres(binDir: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-pg-outage-'));
  const data = join(dir, 'data');
  const user = await runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  await exec(
    join(binDir, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { env: { ...process.env, LC_ALL: 'C' }, cwd: '/', ...(user ?? {}) },
  );
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const answers = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('select 1');
      return true;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const self: PrivatePostgres = {
    url,
    async start() {
      child = spawn(
        join(binDir, 'postgres'),
        [
          '-D',
          data,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dir}`,
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
        ],
        { stdio: 'ignore', cwd: '/', env: { ...process.env, LC_ALL: 'C' }, ...(user ?? {}) },
      );
      await waitFor('private postgres to accept connections', answers, 30_000);
    },
    async stop() {
      await stopChild(child, 'SIGINT');
    },
    async destroy() {
      await self.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}
