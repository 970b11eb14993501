// The environment for podman/buildah: this repo's containers.conf, and an image store inside the
// tool cache rather than the host's /var/lib/containers, so the images live and go with the cache
// (an empty cache is a fresh machine, as in CI) and never mix with other podman users' images.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../config.ts';
import { repoRoot } from '../versions.ts';

/** podman/buildah settings this VM needs (ulimits, runc); the host's /etc/containers is untouched. */
export const CONTAINERS_CONF = join(repoRoot, 'libs', 'stack', 'containers.conf');

export function containersEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = join(stackPaths(env, process.getuid?.() === 0).cacheDir, 'images');
  const storageConf = join(dir, 'storage.conf');
  if (!existsSync(storageConf)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      storageConf,
      `[storage]\ndriver = "overlay"\ngraphroot = ${JSON.stringify(join(dir, 'storage'))}\nrunroot = ${JSON.stringify(join(dir, 'run'))}\n`,
    );
  }
  return { ...env, CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: storageConf };
}
