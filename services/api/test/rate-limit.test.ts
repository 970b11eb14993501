import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startReplica, startTestApi } from './harness.ts';
import type { TestApi } from './harness.ts';
import type { ApiServer } from '../src/server.ts';

const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of open.reverse()) await o.close();
});

test('per-IP limit: RateLimit headers, then 429 problem+json with Retry-After; probes are exempt', async () => {
  const api: TestApi = await startTestApi({ TRIBUTARY_RATE_LIMIT_PER_IP: '5' });
  open.push(api);
  for (let i = 0; i < 5; i++) {
    const r = await call(api.url, 'GET', '/.well-known/jwks.json');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('ratelimit-policy') ?? '', /"ip"; q=5; w=60/);
    assert.match(r.headers.get('ratelimit') ?? '', new RegExp(`"ip"; r=${4 - i}; t=\\d+`));
  }
  const limited = await call(api.url, 'GET', '/.well-known/jwks.json');
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  assert.equal(limited.body.type, 'https://tributary.dev/problems/rate-limited');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal((await call(api.url, 'GET', '/health')).status, 200);
  assert.equal((await call(api.url, 'GET', '/ready')).status, 200);
});

test('per-user limit counts a user across requests', async () => {
  const api: TestApi = await startTestApi({ TRIBUTARY_RATE_LIMIT_PER_USER: '3' });
  open.push(api);
  const reg = await call<{ accessToken: string }>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: 'limited@example.org', password: 'correct horse battery' },
  });
  const token = reg.body.accessToken;
  for (let i = 0; i < 3; i++)
    assert.equal((await call(api.url, 'GET', '/api/v1/auth/me', { token })).status, 200);
  const r = await call(api.url, 'GET', '/api/v1/auth/me', { token });
  assert.equal(r.status, 429);
  assert.match(r.headers.get('ratelimit') ?? '', /"user"; r=0/);
});

test('NATS KV store: two replicas share one per-IP budget', async () => {
  const api: TestApi = await startTestApi({
    TRIBUTARY_RATE_LIMIT_PER_IP: '4',
    TRIBUTARY_RATE_LIMIT_STORE: 'nats',
  });
  open.push(api);
  const replica: ApiServer = await startReplica(api);
  open.push({ close: () => replica.shutdown() });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const base = i % 2 === 0 ? api.url : replica.url;
    statuses.push((await call(base, 'GET', '/.well-known/jwks.json')).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
});
