// The dev-loop files are valid for the tools that read them: kind-config.yaml strictly decoded by
// kind's own v1alpha4 types, skaffold.yaml by skaffold itself, and `make dev` fails clearly without
// Docker.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CommandError, buildKindcheck, parseManifests, repoRoot, run } from './tools.ts';

describe('kind-config.yaml', () => {
  let kindcheck: string;
  before(async () => {
    kindcheck = await buildKindcheck();
  });

  test('decodes strictly as kind.x-k8s.io/v1alpha4 with an ingress-ready control plane on 80/443', async () => {
    const { stdout } = await run(kindcheck, [join(repoRoot, 'kind-config.yaml')]);
    const cfg = JSON.parse(stdout) as {
      Nodes: {
        Role: string;
        Labels?: Record<string, string>;
        ExtraPortMappings?: { ContainerPort: number; HostPort: number }[];
      }[];
    };
    const cp = cfg.Nodes.filter((n) => n.Role === 'control-plane');
    assert.equal(cp.length, 1);
    assert.equal(cp[0]!.Labels?.['ingress-ready'], 'true');
    const ports = (cp[0]!.ExtraPortMappings ?? []).map((p) => `${p.ContainerPort}:${p.HostPort}`);
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

  test('skaffold render (offline) deploys the chart with the built image injected', async () => {
    const { stdout } = await run(
      'skaffold',
      [
        'render',
        '--digest-source=none',
        '--offline=true',
        '-f',
        'skaffold.yaml',
        '-p',
        'kind',
        '--default-repo=',
        '--tag=dev',
      ],
      { timeoutMs: 180_000 },
    );
    const ms = parseManifests(stdout);
    const images = ms
      .filter((m) => m.kind === 'Deployment')
      .map(
        (m) =>
          (m as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec
            .template.spec.containers[0]!.image,
      );
    assert.equal(images.length, 5);
    for (const img of images) assert.equal(img, 'tributary:dev');
    assert.equal(ms.filter((m) => m.kind === 'StatefulSet').length, 3, 'dev dependencies are on');
    assert.ok(ms.some((m) => m.kind === 'Ingress'));
  });
});

test('make dev fails with a clear message when Docker is unreachable', async () => {
  await assert.rejects(
    run(join(repoRoot, 'scripts/dev.sh'), [], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }),
    (e: unknown) =>
      e instanceof CommandError && e.code === 1 && /needs a running Docker engine/.test(e.stderr),
  );
});
