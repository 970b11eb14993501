// A Docker-compatible API over podman's image store (`podman system service`), for tools that speak
// only Docker's API: skaffold's local builder asks it for the id of the image its custom build made.
// Lives as long as the caller; stopped by its pid.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackConfig } from '../config.ts';
import { containersEnv } from './containers-env.ts';

export interface DockerApi {
  /** For DOCKER_HOST. */
  readonly dockerHost: string;
  stop(): Promise<void>;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function startDockerApi(cfg: StackConfig, timeoutMs = 30_000): Promise<DockerApi> {
  const dir = join(cfg.paths.stateDir, 'podman');
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, `docker-${process.pid}.sock`);
  rmSync(socket, { force: true });
  // --time=0: no idle timeout; it ends when we stop it.
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
    env: containersEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(socket, { force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(socket))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`podman system service did not answer on ${socket}: ${stderr.trim() || 'timed out'}`);
    }
    await sleep(200);
  }
  return { dockerHost: `unix://${socket}`, stop };
}
