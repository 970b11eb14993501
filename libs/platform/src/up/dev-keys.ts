/**
 * The local API's access-token signing keys, kept in the stack's state dir so that restarting the
 * API (or `tributary up` again) keeps issued tokens valid. Only `tributary up` uses this: in a
 * cluster the keys come from a Secret (TRIBUTARY_JWT_KEYS_FILE) and production refuses to start
 * without one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeySet, generateSigningJwk } from '@tributary/auth';
import { ensureDir } from '@tributary/stack';

export async function ensureDevSigningKeys(file: string): Promise<'created' | 'kept'> {
  ensureDir(dirname(file));
  try {
    // 'wx': a concurrent `up` that wrote the file first wins; 0600: private keys.
    await writeFile(file, JSON.stringify({ keys: [await generateSigningJwk('EdDSA')] }, null, 2) + '\n', {
      flag: 'wx',
      mode: 0o600,
    });
    return 'created';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  try {
    await KeySet.fromJwks(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    throw new Error(
      `${file} holds no valid signing keys (${(err as Error).message}); delete it to generate new ones`,
      { cause: err },
    );
  }
  return 'kept';
}
