import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../config.ts';
import { loadVersions } from '../versions.ts';
import { DEV_IMAGES } from './names.ts';
import {
  NODE_IMAGE_NAMES,
  buildOrder,
  dockerfileBase,
  imageRecipes,
  inputsHash,
  qualifiedName,
} from './recipes.ts';
import type { RecipeInputs } from './recipes.ts';

const cfg = resolveConfig({ HOME: '/h', TRIBUTARY_STACK_DIR: '/s' }, loadVersions(), {
  isRoot: true,
  storedJson: undefined,
});
const inputs: RecipeInputs = {
  repoRoot: '/repo',
  dockerfile: `ARG NODE_VERSION=${cfg.versions.node}\nFROM node:\${NODE_VERSION}-bookworm-slim AS base\n`,
  npmTarball: '/c/npm.tgz',
  pauseSource: '/m/pause.c',
  neo4jJars: ['/t/neo4j/lib/a.jar', '/t/neo4j/launcher-1.jar'],
};
const recipes = imageRecipes(cfg, inputs);

test('dockerfileBase substitutes the ARG defaults into the first FROM', () => {
  assert.deepEqual(dockerfileBase('ARG V=24.1\nARG D=slim\nFROM node:${V}-$D AS base\nFROM x'), {
    image: 'node:24.1-slim',
    args: { V: '24.1', D: 'slim' },
  });
  assert.throws(() => dockerfileBase('FROM node:${V}'), /FROM uses \$\{V\}, which no ARG before it defines/);
  assert.throws(() => dockerfileBase('# nothing'), /no FROM line/);
});

test('qualifiedName spells Docker Hub names as podman stores them and leaves registries alone', () => {
  assert.equal(qualifiedName('node:24'), 'docker.io/library/node:24');
  assert.equal(qualifiedName('bitnami/node:24'), 'docker.io/bitnami/node:24');
  assert.equal(qualifiedName('localhost/tributary:dev'), 'localhost/tributary:dev');
  assert.equal(qualifiedName('registry.example:5000/a/b:1'), 'registry.example:5000/a/b:1');
});

test('the node base is tagged as the Dockerfile FROM, and a Dockerfile/versions mismatch is refused', () => {
  const base = recipes.find((r) => r.name === 'node-base')!;
  assert.equal(base.tag, `docker.io/library/node:${cfg.versions.node}-bookworm-slim`);
  assert.throws(
    () => imageRecipes(cfg, { ...inputs, dockerfile: 'ARG NODE_VERSION=1.0.0\nFROM node:${NODE_VERSION}' }),
    /ARG NODE_VERSION=1.0.0 but scripts\/versions.env has NODE_VERSION=/,
  );
});

test('buildOrder puts each base before its images, once, and names an unknown image', () => {
  const order = buildOrder(recipes, ['tributary', 'postgres', 'kube-router']).map((r) => r.name);
  assert.deepEqual(order, ['debian', 'node-base', 'tributary', 'postgres', 'kube-router']);
  assert.deepEqual(
    buildOrder(recipes, []).map((r) => r.name),
    recipes.map((r) => r.name),
  );
  assert.throws(() => buildOrder(recipes, ['nope']), /unknown image 'nope' \(one of: debian, /);
  for (const name of [...NODE_IMAGE_NAMES, ...Object.keys(DEV_IMAGES(cfg))])
    assert.ok(
      recipes.some((r) => r.name === name),
      name,
    );
});

test('the neo4j image carries every jar from the tool cache', () => {
  const neo4j = recipes.find((r) => r.name === 'neo4j');
  assert.ok(neo4j?.kind === 'rootfs');
  const to = neo4j.files.map((f) => f.to);
  assert.ok(to.includes('/var/lib/neo4j/lib/a.jar') && to.includes('/var/lib/neo4j/lib/launcher-1.jar'));
});

test('inputsHash changes with the recipe, a file digest or the base image, and only then', () => {
  const r = recipes.find((x) => x.name === 'coredns')!;
  const h = inputsHash(r, { '/bin/coredns': 'aa' }, 'base1');
  assert.equal(inputsHash(r, { '/bin/coredns': 'aa' }, 'base1'), h);
  assert.notEqual(inputsHash(r, { '/bin/coredns': 'ab' }, 'base1'), h);
  assert.notEqual(inputsHash(r, { '/bin/coredns': 'aa' }, 'base2'), h);
  assert.notEqual(inputsHash({ ...r, tag: 'localhost/other:1' }, { '/bin/coredns': 'aa' }, 'base1'), h);
});
