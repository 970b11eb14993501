/**
 * Schemathesis (PyPI) in a virtualenv under the tools cache, installed once on first use — the
 * same convention as the stack's tools (~/.cache/tributary/tools/<name>-<version>).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SCHEMATHESIS_VERSION = '4.32.5';

export async function ensureSchemathesis(): Promise<string> {
  const dir = join(
    process.env.TRIBUTARY_TOOLS_DIR ?? join(homedir(), '.cache/tributary/tools'),
    `schemathesis-${SCHEMATHESIS_VERSION}`,
  );
  const bin = join(dir, 'bin', 'schemathesis');
  if (existsSync(bin)) return bin;
  await run('python3', ['-m', 'venv', dir], { timeout: 120_000 });
  await run(join(dir, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], {
    timeout: 600_000,
  });
  return bin;
}
