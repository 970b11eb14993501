/**
 * `skaffold dev -p local` against the local node: skaffold watches the sources, rebuilds the product
 * image through `tributary images skaffold-build` and upgrades a release `helmUpgrade` installed,
 * with that release's values file. skaffold's local builder needs a Docker API for the built
 * image's id; podman serves one over its image store for as long as the loop runs.
 */
import { spawn } from 'node:child_process';
import { TRIBUTARY_BIN, startDockerApi } from '@tributary/stack';
import type { StackConfig } from '@tributary/stack';
import { releaseValuesFile } from '../cluster/install.ts';
import type { Release } from '../cluster/install.ts';

export interface SkaffoldDevOptions {
  cfg: StackConfig;
  release: Pick<Release, 'name' | 'namespace'>;
  /** The checkout skaffold builds and watches (its skaffold.yaml). */
  workdir: string;
  /** More `skaffold dev` flags. */
  args?: string[];
  /** Each line skaffold prints; without it skaffold writes to our stdout/stderr. */
  onLine?: (line: string) => void;
}

export interface SkaffoldDev {
  /** skaffold's exit code. */
  readonly exited: Promise<number>;
  /** Ctrl-C for skaffold (it finishes the step it is in), then the Docker API goes. */
  stop(): Promise<number>;
}

export async function skaffoldDev(opts: SkaffoldDevOptions): Promise<SkaffoldDev> {
  const api = await startDockerApi(opts.cfg);
  const child = spawn(
    'skaffold',
    // --cleanup=false: Ctrl-C leaves the platform running (it is `make up`'s release, not skaffold's).
    ['dev', '-p', 'local', '--cleanup=false', '--port-forward=off', ...(opts.args ?? [])],
    {
      cwd: opts.workdir,
      stdio: ['ignore', opts.onLine ? 'pipe' : 'inherit', opts.onLine ? 'pipe' : 'inherit'],
      env: {
        ...process.env,
        KUBECONFIG: opts.cfg.paths.kubeconfig,
        DOCKER_HOST: api.dockerHost,
        TRIBUTARY_BIN,
        TRIBUTARY_RELEASE: opts.release.name,
        TRIBUTARY_NAMESPACE: opts.release.namespace,
        TRIBUTARY_DEV_VALUES: releaseValuesFile(opts.cfg, opts.release),
        SKAFFOLD_UPDATE_CHECK: 'false',
        SKAFFOLD_COLLECT_METRICS: 'false',
      },
    },
  );
  if (opts.onLine) {
    const onLine = opts.onLine;
    let rest = '';
    const split = (d: Buffer): void => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout?.on('data', split);
    child.stderr?.on('data', split);
  }
  const exited = new Promise<number>((resolve) => {
    child.once('error', (err) => {
      opts.onLine?.(`skaffold: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  }).finally(() => api.stop());
  return {
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
