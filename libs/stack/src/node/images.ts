// Puts images into the node's containerd: imported from podman's store, never pulled. What was
// loaded is recorded by podman image id, so a rebuilt image is loaded again and an unchanged one
// is not.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../config.ts';
import { inspectImage } from '../images/build.ts';
import { containersEnv } from '../images/containers-env.ts';
import { ADDON_IMAGES, BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/names.ts';
import { readText } from '../proc.ts';
import { nodePaths } from './layout.ts';

type Log = (line: string) => void;

/** Images the node itself needs (sandbox, add-ons), before any workload's. */
export const nodeImages = (cfg: StackConfig): string[] => [
  PAUSE_IMAGE,
  BUSYBOX_IMAGE,
  ...Object.values(ADDON_IMAGES(cfg)),
];

const loadedFile = (cfg: StackConfig): string =>
  join(nodePaths(cfg.paths.stateDir).dir, 'images-loaded.json');

async function containerdHas(cfg: StackConfig, image: string): Promise<boolean> {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  return new Promise((resolve) => {
    const child = spawn(
      cfg.tools.ctr,
      ['--address', sock, '--namespace', 'k8s.io', 'images', 'check', `name==${image}`],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve(code === 0 && out.includes(image) && out.includes('complete')));
    child.on('error', () => resolve(false));
  });
}

/**
 * podman save | ctr import, streamed (images can be hundreds of MB). Settles once both have exited:
 * when one side fails the other is killed, so a dead importer never leaves podman blocked on a
 * full pipe (and the caller's process alive) forever.
 */
function importImage(cfg: StackConfig, image: string): Promise<void> {
  const sock = nodePaths(cfg.paths.stateDir).containerdSocket;
  return new Promise((resolve, reject) => {
    const save = spawn('podman', ['save', '--format', 'docker-archive', image], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: containersEnv(),
    });
    const load = spawn(cfg.tools.ctr, ['--address', sock, '--namespace', 'k8s.io', 'images', 'import', '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    save.stderr.on('data', (d: Buffer) => (err += d.toString()));
    load.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // EPIPE when ctr is gone: its exit reports the failure.
    load.stdin.on('error', () => undefined);
    save.stdout.pipe(load.stdin);
    const exited = (child: ChildProcess, other: ChildProcess) =>
      new Promise<number | null>((done) => {
        child.once('error', (e) => {
          err += e.message;
          other.kill('SIGKILL');
          done(-1);
        });
        child.once('exit', (code) => {
          if (code !== 0) other.kill('SIGKILL');
          done(code);
        });
      });
    void Promise.all([exited(save, load), exited(load, save)]).then(([saved, loaded]) => {
      if (saved === 0 && loaded === 0) resolve();
      else
        reject(
          new Error(`importing ${image} into the node failed: ${err.trim() || `exit ${saved}/${loaded}`}`),
        );
    });
  });
}

/** Loads each image whose podman id differs from the one loaded last (or that containerd lacks). */
export async function loadImages(cfg: StackConfig, images: string[], log: Log): Promise<void> {
  const loaded = JSON.parse(readText(loadedFile(cfg)) ?? '{}') as Record<string, string>;
  for (const image of images) {
    const info = await inspectImage(image);
    if (!info) throw new Error(`image ${image} is not built (tributary images build)`);
    if (loaded[image] === info.id && (await containerdHas(cfg, image))) continue;
    const started = Date.now();
    await importImage(cfg, image);
    loaded[image] = info.id;
    writeFileSync(loadedFile(cfg), `${JSON.stringify(loaded, null, 2)}\n`);
    log(`containerd: loaded ${image} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
