// Puts the node's own images (sandbox, add-ons) into its containerd: imported from podman's store,
// never pulled.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { StackConfig } from '../config.ts';
import { nodePaths } from './layout.ts';
import { ADDON_IMAGES } from './addons.ts';
import { PAUSE_IMAGE } from './files.ts';

const run = promisify(execFile);
type Log = (line: string) => void;

export const BUSYBOX_IMAGE = 'localhost/busybox:local';

/** Images the node itself needs, before any workload's. */
export function nodeImages(cfg: StackConfig): string[] {
  return [PAUSE_IMAGE, BUSYBOX_IMAGE, ...Object.values(ADDON_IMAGES(cfg))];
}

async function containerdImages(cfg: StackConfig): Promise<Set<string>> {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  const { stdout } = await run(cfg.tools.ctr, ['--address', sock, '--namespace', 'k8s.io', 'images', 'list', '--quiet']);
  return new Set(stdout.split('\n').filter(Boolean));
}

/** podman save | ctr import, streamed (images can be hundreds of MB). */
function importImage(cfg: StackConfig, image: string): Promise<void> {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  return new Promise((resolve, reject) => {
    const save = spawn('podman', ['save', '--format', 'docker-archive', image], { stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn(cfg.tools.ctr, ['--address', sock, '--namespace', 'k8s.io', 'images', 'import', '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    save.stderr.on('data', (d: Buffer) => (err += d.toString()));
    load.stderr.on('data', (d: Buffer) => (err += d.toString()));
    save.stdout.pipe(load.stdin);
    save.on('error', reject);
    load.on('error', reject);
    let saved: number | null = null;
    save.on('exit', (code) => (saved = code));
    load.on('exit', (code) => {
      if (code === 0 && saved === 0) resolve();
      else reject(new Error(`importing ${image} into the node failed: ${err.trim() || `exit ${saved}/${code}`} (tributary images build builds it)`));
    });
  });
}

export async function loadImages(cfg: StackConfig, images: string[], log: Log): Promise<void> {
  const have = await containerdImages(cfg);
  for (const image of images) {
    if (have.has(image)) continue;
    const started = Date.now();
    await importImage(cfg, image);
    log(`containerd: imported ${image} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

export const loadNodeImages = (cfg: StackConfig, log: Log): Promise<void> => loadImages(cfg, nodeImages(cfg), log);
