import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvResolveError, resolveEnv } from './env.ts';

const sources = {
  configMap: async (name: string) => (name === 'cfg' ? { NATS_URL: 'nats://x', A: 'from-cm' } : undefined),
  secret: async (name: string) => (name === 'creds' ? { headers: '{"X":"1"}' } : undefined),
};

test('envFrom first, then env (later wins), secretKeyRef and $(VAR) expansion', async () => {
  const env = await resolveEnv(
    {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' } }, { configMapRef: { name: 'missing', optional: true } }],
      env: [
        { name: 'A', value: 'override' },
        { name: 'H', valueFrom: { secretKeyRef: { name: 'creds', key: 'headers' } } },
        { name: 'B', value: '$(NATS_URL)/x' },
      ],
    },
    sources,
  );
  assert.deepEqual(env, { NATS_URL: 'nats://x', A: 'override', H: '{"X":"1"}', B: 'nats://x/x' });
});

test('a missing required ConfigMap or key is an error; optional ones are skipped', async () => {
  await assert.rejects(
    resolveEnv({ name: 'c', envFrom: [{ configMapRef: { name: 'missing' } }] }, sources),
    EnvResolveError,
  );
  await assert.rejects(
    resolveEnv(
      { name: 'c', env: [{ name: 'H', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] },
      sources,
    ),
    /key "nope"/,
  );
  assert.deepEqual(
    await resolveEnv(
      {
        name: 'c',
        env: [{ name: 'H', valueFrom: { secretKeyRef: { name: 'x', key: 'y', optional: true } } }],
      },
      sources,
    ),
    {},
  );
});
