// Postgres cluster preparation: initdb into the state dir (as the `postgres` user when root).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { StackConfig } from './config.ts';
import { LOOPBACK } from './kube.ts';

const exec = promisify(execFile);

export interface RunAs {
  uid: number;
  gid: number;
}

export async function preparePostgres(cfg: StackConfig, runAs: RunAs | undefined): Promise<void> {
  const p = cfg.paths;
  mkdirSync(dirname(p.postgresRoot), { recursive: true, mode: 0o755 });
  for (const dir of [p.postgresRoot, p.postgresSocketDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  }
  const link = join(p.stateDir, 'postgres');
  if (p.postgresRoot !== link && !exists(link)) symlinkSync(p.postgresRoot, link);
  if (existsSync(join(p.postgresDataDir, 'PG_VERSION'))) return;
  const initdb = join(cfg.tools.postgresBinDir, 'initdb');
  try {
    await exec(
      initdb,
      ['-D', p.postgresDataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { env: { ...process.env, LC_ALL: 'C' }, cwd: '/', ...(runAs ?? {}) },
    );
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`initdb failed: ${e.stderr || e.stdout || e.message}`, { cause: err });
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function psqlArgs(cfg: StackConfig, sql: string): string[] {
  return ['-h', LOOPBACK, '-p', String(cfg.ports.postgres), '-U', 'postgres', '-d', 'postgres', '-tAXc', sql];
}

/** Creates the stack's database (DATABASE_URL) when it does not exist yet. */
export async function ensureDatabase(cfg: StackConfig): Promise<boolean> {
  const psql = join(cfg.tools.postgresBinDir, 'psql');
  const name = cfg.database;
  const { stdout } = await exec(psql, psqlArgs(cfg, `SELECT 1 FROM pg_database WHERE datname = '${name}'`));
  if (stdout.trim() === '1') return false;
  await exec(psql, psqlArgs(cfg, `CREATE DATABASE "${name}"`));
  return true;
}
