// Builds the local images with podman/buildah (root, no registry): each one only when the hash of
// its inputs differs from the label on the image already built.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { StackConfig } from '../config.ts';
import { runTool } from '../run-tool.ts';
import { repoRoot } from '../versions.ts';
import { containersEnv } from './containers-env.ts';
import { INPUTS_LABEL, buildOrder, imageRecipes, inputsHash } from './recipes.ts';
import type { FileCopy, ImageRecipe, RecipeInputs } from './recipes.ts';

const run = promisify(execFile);
type Log = (line: string) => void;

const toolEnv = (): NodeJS.ProcessEnv => containersEnv();

/** Runs podman/buildah/...; the error names the command and the end of its stderr. */
export function tool(command: string, args: string[], opts: { input?: string } = {}): Promise<string> {
  return runTool(command, args, {
    env: toolEnv(),
    input: opts.input,
    label: `${command} ${args.slice(0, 3).join(' ')}… failed`,
    providedBy: 'scripts/setup-tools.sh node-runtime',
  });
}

/** A second name for a built image (e.g. a new tag to roll a Deployment to). */
export async function tagImage(image: string, newName: string): Promise<void> {
  await tool('podman', ['tag', image, newName]);
}

/** Streams a command's output to our stderr, prefixed (long steps: debootstrap, apt, podman build). */
function streamed(command: string, args: string[], prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let tailLines: string[] = [];
    const onData = (d: Buffer): void => {
      for (const line of d.toString().split('\n')) {
        if (line.trim() === '') continue;
        tailLines = [...tailLines.slice(-9), line];
        if (process.env.TRIBUTARY_IMAGES_VERBOSE) process.stderr.write(`    ${prefix}: ${line}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args[0]} failed (exit ${code}):\n${tailLines.join('\n')}`)),
    );
  });
}

const digests = new Map<string, string>();
/** sha256 of a file, memoized per path + size + mtime (the same binary is hashed once per run). */
async function fileDigest(file: string): Promise<string> {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  const known = digests.get(key);
  if (known) return known;
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  const d = h.digest('hex');
  digests.set(key, d);
  return d;
}

export interface ImageInfo {
  id: string;
  inputs: string | undefined;
  size: number;
}

export async function inspectImage(tag: string): Promise<ImageInfo | undefined> {
  try {
    const out = await tool('podman', ['image', 'inspect', '--format', 'json', tag]);
    const [img] = JSON.parse(out) as { Id: string; Size: number; Labels?: Record<string, string> | null }[];
    return img ? { id: img.Id, inputs: img.Labels?.[INPUTS_LABEL], size: img.Size } : undefined;
  } catch {
    return undefined;
  }
}

/** The Debian mirror the host's apt uses (a package registry this machine may reach). */
export function aptMirror(): string {
  const files = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const f of files) {
    if (!existsSync(f)) continue;
    const m = /(?:^URIs:|^deb)\s+(?:\[[^\]]*\]\s+)?(\S+\/debian\/?)\s*/m.exec(readFileSync(f, 'utf8'));
    if (m) return m[1]!.replace(/\/$/, '');
  }
  throw new Error('no Debian mirror in the apt sources of this host (set TRIBUTARY_DEBIAN_MIRROR)');
}

async function fromFiles(recipeFiles: FileCopy[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of recipeFiles) {
    if (f.from === undefined) continue;
    if (!existsSync(f.from)) throw new Error(`missing ${f.from} (scripts/setup-tools.sh builds the tools)`);
    out[f.from] = await fileDigest(f.from);
  }
  return out;
}

/** The hash of a recipe's inputs (files, base image); undefined for Dockerfile builds (podman caches). */
async function hashOf(recipe: ImageRecipe): Promise<string | undefined> {
  switch (recipe.kind) {
    case 'debootstrap':
      return inputsHash(recipe, { mirror: process.env.TRIBUTARY_DEBIAN_MIRROR ?? aptMirror() }, undefined);
    case 'gcc-static':
      return inputsHash(recipe, { [recipe.source]: await fileDigest(recipe.source) }, undefined);
    case 'rootfs': {
      const base = recipe.base === 'scratch' ? undefined : (await inspectImage(recipe.base))?.id;
      return inputsHash(recipe, await fromFiles(recipe.files), base);
    }
    case 'dockerfile':
      return undefined;
  }
}

function writeInto(root: string, f: FileCopy): void {
  const dest = join(root, f.to);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, f.from !== undefined ? readFileSync(f.from) : (f.text ?? ''), { mode: f.mode });
}

async function buildDebootstrap(
  cfg: StackConfig,
  recipe: Extract<ImageRecipe, { kind: 'debootstrap' }>,
  hash: string,
): Promise<void> {
  const mirror = process.env.TRIBUTARY_DEBIAN_MIRROR ?? aptMirror();
  const cache = join(cfg.paths.cacheDir, 'images', 'debootstrap');
  mkdirSync(cache, { recursive: true });
  const root = mkdtempSync(join(cfg.paths.cacheDir, 'images', '.rootfs-'));
  try {
    await streamed(
      'debootstrap',
      ['--variant=minbase', `--cache-dir=${cache}`, recipe.suite, root, mirror],
      'debootstrap',
    );
    // What debian:bookworm-slim strips: docs, man pages, locales, apt lists and logs.
    await run('chroot', [root, 'apt-get', 'clean']);
    for (const d of [
      'var/lib/apt/lists',
      'usr/share/doc',
      'usr/share/man',
      'usr/share/info',
      'usr/share/locale',
      'var/log',
    ]) {
      rmSync(join(root, d), { recursive: true, force: true });
      mkdirSync(join(root, d), { recursive: true });
    }
    writeFileSync(join(root, 'etc/apt/sources.list'), `deb ${mirror} ${recipe.suite} main\n`);
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['--numeric-owner', '-C', root, '-c', '.'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const imp = spawn(
        'podman',
        ['import', '--change', 'CMD ["bash"]', '--change', `LABEL ${INPUTS_LABEL}=${hash}`, '-', recipe.tag],
        { env: toolEnv(), stdio: ['pipe', 'ignore', 'ignore'] },
      );
      tar.stdout.pipe(imp.stdin);
      imp.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`podman import ${recipe.tag} failed (exit ${code})`)),
      );
      imp.on('error', reject);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** buildah: a working container on the base, files copied into its mount, commands, config, commit. */
async function buildRootfs(recipe: Extract<ImageRecipe, { kind: 'rootfs' }>, hash: string): Promise<void> {
  const ctr = (await tool('buildah', ['from', '--pull=never', recipe.base])).trim();
  try {
    const mnt = (await tool('buildah', ['mount', ctr])).trim();
    for (const f of recipe.files) writeInto(mnt, f);
    if (recipe.base === 'scratch') mkdirSync(join(mnt, 'tmp'), { recursive: true, mode: 0o1777 });
    await tool('buildah', ['umount', ctr]);
    const inImage = (argv: string[]): Promise<void> =>
      streamed('buildah', ['run', '--network', 'host', ctr, '--', ...argv], recipe.name);
    if (recipe.apt) {
      await inImage([
        'sh',
        '-c',
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${recipe.apt.join(' ')} && rm -rf /var/lib/apt/lists/*`,
      ]);
    }
    for (const argv of recipe.run ?? []) await inImage(argv);
    const c = recipe.config;
    const args = ['config', '--label', `${INPUTS_LABEL}=${hash}`];
    if (c.entrypoint) args.push('--entrypoint', JSON.stringify(c.entrypoint));
    if (c.cmd) args.push('--cmd', JSON.stringify(c.cmd));
    if (c.user) args.push('--user', c.user);
    if (c.workdir) args.push('--workingdir', c.workdir);
    for (const [k, v] of Object.entries(c.env ?? {})) args.push('--env', `${k}=${v}`);
    await tool('buildah', [...args, ctr]);
    await tool('buildah', ['commit', '--quiet', '--rm', ctr, recipe.tag]);
  } catch (err) {
    await tool('buildah', ['rm', ctr]).catch(() => '');
    throw err;
  }
}

async function buildGccStatic(
  cfg: StackConfig,
  recipe: Extract<ImageRecipe, { kind: 'gcc-static' }>,
  hash: string,
): Promise<void> {
  const dir = mkdtempSync(join(cfg.paths.cacheDir, 'images', '.gcc-'));
  try {
    const out = join(dir, 'bin');
    await tool('gcc', ['-Os', '-static', '-DVERSION=v3.10-local', '-o', out, recipe.source]);
    await tool('strip', [out]);
    await buildRootfs(
      {
        name: recipe.name,
        tag: recipe.tag,
        kind: 'rootfs',
        base: 'scratch',
        files: [{ from: out, to: recipe.binary, mode: 0o755 }],
        config: { entrypoint: [recipe.binary], user: recipe.user },
      },
      hash,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function gitIn(dir: string, args: string[]): Promise<string> {
  return (await run('git', ['-C', dir, ...args]).catch(() => ({ stdout: 'unknown' }))).stdout.trim();
}

/** The unchanged Dockerfile, built by podman against the local node base (never pulled). */
async function buildDockerfile(recipe: Extract<ImageRecipe, { kind: 'dockerfile' }>): Promise<void> {
  const git = (args: string[]) => gitIn(recipe.context, args);
  const dirty = (await git(['status', '--porcelain'])) !== '' ? '-dirty' : '';
  await streamed(
    'podman',
    [
      'build',
      '--pull=never',
      '--network',
      'host',
      '--layers',
      '-f',
      join(recipe.context, recipe.dockerfile),
      '-t',
      recipe.tag,
      '--build-arg',
      `REVISION=${await git(['rev-parse', 'HEAD'])}${dirty}`,
      // The last commit's time, not now: an unchanged tree gives the same image.
      '--build-arg',
      `CREATED=${await git(['log', '-1', '--format=%cI'])}`,
      recipe.context,
    ],
    recipe.name,
  );
}

/** Neo4j's jars and the launcher's, from the tool cache (none before scripts/tools/neo4j.sh ran). */
function neo4jJars(cfg: StackConfig): string[] {
  const dir = dirname(dirname(cfg.tools.neo4jLauncher));
  const jars = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith('.jar'))
          .map((f) => join(d, f))
      : [];
  return [...jars(join(dir, 'lib')), ...jars(dir)].sort();
}

/** Everything the recipes read from outside the repo and the tool cache: npm's tarball, pause.c. */
export async function recipeInputs(cfg: StackConfig): Promise<RecipeInputs> {
  const dir = join(cfg.paths.cacheDir, 'images');
  mkdirSync(dir, { recursive: true });
  const npmVersion = cfg.versions.npm;
  const npmTarball = join(dir, `npm-${npmVersion}.tgz`);
  if (!existsSync(npmTarball)) {
    await tool('npm', ['pack', `npm@${npmVersion}`, '--pack-destination', dir, '--silent']);
  }
  const { stdout } = await run(
    'go',
    ['mod', 'download', '-json', `k8s.io/kubernetes@v${cfg.versions.kubernetes}`],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((err: Error) => {
    throw new Error(`go mod download k8s.io/kubernetes (for pause.c) failed: ${err.message}`);
  });
  const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!moduleDir)
    throw new Error(
      'go mod download k8s.io/kubernetes printed no module dir (is the Go module proxy reachable?)',
    );
  return {
    repoRoot,
    dockerfile: readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'),
    npmTarball,
    pauseSource: join(moduleDir, 'build', 'pause', 'linux', 'pause.c'),
    neo4jJars: neo4jJars(cfg),
  };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Another name and build context for the product image (skaffold's $IMAGE and $BUILD_CONTEXT). */
export interface ProductBuild {
  tag: string;
  context: string;
}

/**
 * Builds the named images (none = all) and their bases; skips those whose inputs are unchanged.
 * With `product`, the product image is built from that context under that tag instead.
 */
export async function buildImages(
  cfg: StackConfig,
  names: string[],
  log: Log,
  product?: ProductBuild,
): Promise<void> {
  const recipes = imageRecipes(cfg, await recipeInputs(cfg)).map((r) =>
    product && r.kind === 'dockerfile' ? { ...r, ...product } : r,
  );
  for (const recipe of buildOrder(recipes, names)) {
    const started = Date.now();
    const hash = await hashOf(recipe);
    const before = await inspectImage(recipe.tag);
    if (hash !== undefined && before?.inputs === hash) {
      log(`image ${recipe.name}: up to date (${recipe.tag}, ${mib(before.size)})`);
      continue;
    }
    log(`image ${recipe.name}: building ${recipe.tag}`);
    switch (recipe.kind) {
      case 'debootstrap':
        await buildDebootstrap(cfg, recipe, hash!);
        break;
      case 'rootfs':
        await buildRootfs(recipe, hash!);
        break;
      case 'gcc-static':
        await buildGccStatic(cfg, recipe, hash!);
        break;
      case 'dockerfile':
        await buildDockerfile(recipe);
        break;
    }
    const after = await inspectImage(recipe.tag);
    const same = recipe.kind === 'dockerfile' && after?.id === before?.id;
    log(
      `image ${recipe.name}: ${same ? 'up to date' : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)}s (${after ? mib(after.size) : '?'})`,
    );
  }
}
