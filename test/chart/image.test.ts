// The image without a Docker engine: every module the in-image commands can load (static imports
// from each role's entry) is in the build context (.dockerignore), is copied by the Dockerfile's
// runtime stage, and imports only packages that `npm ci --omit=dev` installs.
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { globSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot, run } from './tools.ts';

/** The commands a cluster runs (the chart's roles and the operator's CronJobs). */
const ENTRIES = [
  'bin/tributary.js',
  'operator/src/cli.ts',
  'services/api/src/cli.ts',
  'services/ingestor/src/cli.ts',
  'services/store-writer/src/cli.ts',
  'services/graph-writer/src/cli.ts',
  'services/enricher/src/cli.ts',
  'libs/db/src/cli.ts',
];

const IMPORT_RE = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;

interface PackageJson {
  name: string;
  exports?: Record<string, string>;
}

/** Workspace packages by name, from the root package.json's workspace globs. */
const workspaces = new Map<string, { dir: string; pkg: PackageJson }>(
  (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
    .flatMap((g) => globSync(`${g}/package.json`, { cwd: repoRoot }))
    .map((pj) => {
      const pkg = JSON.parse(readFileSync(join(repoRoot, pj), 'utf8')) as PackageJson;
      return [pkg.name, { dir: dirname(pj), pkg }];
    }),
);

/** @tributary/<x>[/sub] → its file, through the workspace package's exports map. */
function workspaceFile(spec: string): string | undefined {
  const name = packageName(spec);
  const sub = spec.slice(name.length);
  const ws = workspaces.get(name);
  const target = ws?.pkg.exports?.[`.${sub}`];
  return ws && target ? join(ws.dir, target) : undefined;
}

const packageName = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;

interface Graph {
  files: Set<string>;
  /** bare package → first file importing it */
  packages: Map<string, string>;
}

function reachable(entries: string[]): Graph {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    if (files.has(rel)) continue;
    files.add(rel);
    const text = readFileSync(join(repoRoot, rel), 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) {
        queue.push(relative(repoRoot, resolve(repoRoot, dirname(rel), spec)));
      } else if (spec.startsWith('@tributary/')) {
        const f = workspaceFile(spec);
        assert.ok(f, `${rel}: cannot resolve ${spec} through a workspace exports map`);
        queue.push(f);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        if (!packages.has(packageName(spec))) packages.set(packageName(spec), rel);
      }
    }
  }
  return { files, packages };
}

const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const ignored = (rel: string): boolean =>
  dockerignore.some((p) => matchesGlob(rel, p) || matchesGlob(rel, `${p}/**`));

const graph = reachable(ENTRIES);

test('the in-image module graph is in the build context and copied into the runtime stage', () => {
  assert.ok(graph.files.size > 50, `only ${graph.files.size} modules reached: is the import scan broken?`);
  const excluded = [...graph.files].filter(ignored);
  assert.deepEqual(excluded, [], 'excluded from the build context by .dockerignore');
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const copied = [...runtime.matchAll(/^COPY (?!--from)(?:--\S+ )*(\S+) /gm)].map((m) =>
    m[1]!.replace(/\/$/, ''),
  );
  const uncopied = [...graph.files].filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)));
  assert.deepEqual(uncopied, [], `not copied by the runtime stage (COPY ${copied.join(', ')})`);
});

test('every package the in-image commands import is installed by npm ci --omit=dev', async () => {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    timeoutMs: 60_000,
  }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }), // npm ls exits 1 on extraneous packages; the list is still complete
  );
  const installed = new Set(
    stdout
      .split('\n')
      .filter((l) => l.includes('node_modules/'))
      .map((l) => l.slice(l.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
  assert.ok(installed.size > 20, 'npm ls listed the production tree');
  const missing = [...graph.packages]
    .filter(([pkg]) => !installed.has(pkg))
    .map(([pkg, by]) => `${pkg} (imported by ${by})`);
  assert.deepEqual(missing, [], 'imported at run time but only a devDependency (or undeclared)');
});

test('the scan itself sees a dev-only import', () => {
  const probe = reachable(['test/chart/tools.ts']);
  assert.ok(probe.packages.has('yaml'));
  assert.ok(!probe.packages.has('node:fs') && !probe.packages.has('fs'));
});
