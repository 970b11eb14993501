/**
 * Schemathesis (PyPI) in a virtualenv under the tools cache, installed once on first use — the
 * same convention as the stack's tools ($TRIBUTARY_CACHE/tools/<name>-<version>, default
 * ~/.cache/tributary). A venv cannot be moved after creation, so completeness is a marker file
 * written last instead of the atomic rename the shell installers use.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SCHEMATHESIS_VERSION = '4.32.5';

export async function ensureSchemathesis(): Promise<string> {
  const cache = process.env.TRIBUTARY_CACHE || join(homedir(), '.cache/tributary');
  const dir = join(cache, 'tools', `schemathesis-${SCHEMATHESIS_VERSION}`);
  const bin = join(dir, 'bin', 'schemathesis');
  const done = join(dir, '.installed');
  if (existsSync(done)) return bin;
  await rm(dir, { recursive: true, force: true });
  await step(`python3 -m venv (needs Debian's python3-venv)`, () =>
    run('python3', ['-m', 'venv', dir], { timeout: 120_000 }),
  );
  await step(`pip install schemathesis==${SCHEMATHESIS_VERSION} (needs PyPI)`, () =>
    run(join(dir, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], {
      timeout: 600_000,
    }),
  );
  await writeFile(done, '');
  return bin;
}

async function step(what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? '';
    throw new Error(`installing schemathesis: ${what} failed: ${stderr || (err as Error).message}`, {
      cause: err,
    });
  }
}
