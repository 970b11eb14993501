// The dev-loop files are valid for the tools that read them: kind-config.yaml strictly decoded by
// kind's own v1alpha4 types, skaffold.yaml (both profiles) by skaffold itself. The local profile's
// real iteration (source change → image → rollout → the ingress) is in test/e2e/cluster.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CommandError, buildGoChecker, parseManifests, repoRoot, run } from './tools.ts';

describe('kind-config.yaml', () => {
  let kindcheck: string;
  before(async () => {
    kindcheck = await buildGoChecker('kindcheck');
  });

  test('decodes strictly as kind.x-k8s.io/v1alpha4 with an ingress-ready control plane on 80/443', async () => {
    const { stdout } = await run(kindcheck, [join(repoRoot, 'kind-config.yaml')]);
    const cfg = JSON.parse(stdout) as {
      nodes: {
        role: string;
        labels?: Record<string, string>;
        extraPortMappings?: { containerPort: number; hostPort: number }[];
      }[];
    };
    const cp = cfg.nodes.filter((n) => n.role === 'control-plane');
    assert.equal(cp.length, 1);
    assert.equal(cp[0]!.labels?.['ingress-ready'], 'true');
    const ports = (cp[0]!.extraPortMappings ?? []).map((p) => `${p.containerPort}:${p.hostPort}`);
    assert.deepEqual(ports.sort(), ['443:443', '80:80']);
  });

  test('a misspelled field is an error (the decoder is strict)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindcfg-'));
    const bad = join(dir, 'kind.yaml');
    writeFileSync(
      bad,
      readFileSync(join(repoRoot, 'kind-config.yaml'), 'utf8').replace(
        'extraPortMappings',
        'extraPortMapping',
      ),
    );
    await assert.rejects(
      run(kindcheck, [bad]),
      (e: unknown) => e instanceof CommandError && /unknown field "extraPortMapping"/.test(e.stderr),
    );
  });
});

describe('skaffold.yaml', () => {
  test('skaffold diagnose --yaml-only accepts it', async () => {
    const { stdout } = await run(
      'skaffold',
      ['diagnose', '--yaml-only', '-f', 'skaffold.yaml', '-p', 'kind'],
      { timeoutMs: 120_000 },
    );
    assert.match(stdout, /apiVersion: skaffold\/v4beta13/);
  });

  test('skaffold diagnose --yaml-only accepts the local profile: custom build, the helm deployer', async () => {
    const { stdout } = await run(
      'skaffold',
      ['diagnose', '--yaml-only', '-f', 'skaffold.yaml', '-p', 'local'],
      {
        timeoutMs: 120_000,
        env: { TRIBUTARY_RELEASE: 'r', TRIBUTARY_NAMESPACE: 'ns', TRIBUTARY_DEV_VALUES: '/dev/null' },
      },
    );
    assert.match(stdout, /buildCommand: '?"\$TRIBUTARY_BIN" images skaffold-build/);
    assert.match(stdout, /chartPath: \S*charts\/tributary/);
    assert.doesNotMatch(stdout, /^manifests:/m, "the release is the helm deployer's, not a render");
  });

  /** skaffold render into a file (its stdout also carries notices). */
  const render = async (extra: string[] = []): Promise<string> => {
    const out = join(mkdtempSync(join(tmpdir(), 'skaffold-')), 'rendered.yaml');
    const args = [
      'render',
      '--digest-source=none',
      '--offline=true',
      '-f',
      'skaffold.yaml',
      '-p',
      'kind',
      `--output=${out}`,
    ];
    await run('skaffold', [...args, ...extra], { timeoutMs: 180_000 });
    return readFileSync(out, 'utf8');
  };
  const deploymentImages = (stdout: string): string[] =>
    parseManifests(stdout)
      .filter((m) => m.kind === 'Deployment')
      .map(
        (m) =>
          (m as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec
            .template.spec.containers[0]!.image,
      );

  test('skaffold render --digest-source=none --offline=true renders the chart with dev values', async () => {
    const stdout = await render();
    const ms = parseManifests(stdout);
    assert.deepEqual(deploymentImages(stdout), Array(5).fill('tributary:dev'));
    assert.equal(ms.filter((m) => m.kind === 'StatefulSet').length, 3, 'dev dependencies are on');
    assert.ok(ms.some((m) => m.kind === 'Ingress'));
  });

  test('skaffold injects the built image into every Deployment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skaffold-'));
    const artifacts = join(dir, 'build.json');
    writeFileSync(
      artifacts,
      JSON.stringify({ builds: [{ imageName: 'tributary', tag: 'registry.local/tributary:abc123' }] }),
    );
    const stdout = await render([`--build-artifacts=${artifacts}`]);
    assert.deepEqual(deploymentImages(stdout), Array(5).fill('registry.local/tributary:abc123'));
  });
});
