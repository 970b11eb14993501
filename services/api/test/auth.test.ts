import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import { generateSigningJwk, KeySet, signAccessToken } from '@tributary/auth';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '../src/server.ts';
import { bootstrapAdmin, call, freePort, log, startTestApi, userWithRole } from './harness.ts';
import type { Session, TestApi } from './harness.ts';

let api: TestApi;
let admin: Session;

before(async () => {
  api = await startTestApi();
  admin = await bootstrapAdmin(api);
});
after(async () => api?.close());

const password = 'correct horse battery';

test('register, login, me, refresh rotation and logout', async () => {
  const email = 'alice@example.org';
  const reg = await call<Session>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email, password, name: 'Alice' },
  });
  assert.equal(reg.status, 201);
  assert.equal(reg.body.user.role, 'viewer');
  // Registering again with the account's password signs in to it; another password is refused
  // without naming the account.
  const again = await call<Session>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: 'ALICE@example.org', password },
  });
  assert.equal(again.status, 201);
  assert.equal(again.body.user.id, reg.body.user.id);
  const dup = await call<{ type: string; detail: string }>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: 'ALICE@example.org', password: 'another long password' },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.type, 'https://tributary.dev/problems/conflict');
  assert.doesNotMatch(dup.body.detail, /exist|account with/i);

  const bad = await call(api.url, 'POST', '/api/v1/auth/login', {
    body: { email, password: 'wrong password!' },
  });
  assert.equal(bad.status, 401);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  const unknown = await call(api.url, 'POST', '/api/v1/auth/login', {
    body: { email: 'nobody@example.org', password },
  });
  assert.equal(unknown.status, 401);

  const login = await call<Session>(api.url, 'POST', '/api/v1/auth/login', { body: { email, password } });
  assert.equal(login.status, 200);
  const me = await call(api.url, 'GET', '/api/v1/auth/me', { token: login.body.accessToken });
  assert.equal(me.status, 200);
  assert.equal(me.body.email, email);
  assert.deepEqual(me.body.providers, ['password']);

  const r1 = await call<Session>(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: login.body.refreshToken },
  });
  assert.equal(r1.status, 200);
  assert.notEqual(r1.body.refreshToken, login.body.refreshToken);
  const r2 = await call<Session>(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: r1.body.refreshToken },
  });
  assert.equal(r2.status, 200);

  const out = await call(api.url, 'POST', '/api/v1/auth/logout', {
    body: { refreshToken: r2.body.refreshToken },
  });
  assert.equal(out.status, 204);
  const afterLogout = await call(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: r2.body.refreshToken },
  });
  assert.equal(afterLogout.status, 401);
});

test('reusing a spent refresh token revokes the whole family', async () => {
  const email = 'bob@example.org';
  await call(api.url, 'POST', '/api/v1/auth/register', { body: { email, password } });
  const login = await call<Session>(api.url, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const other = await call<Session>(api.url, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const rotated = await call<Session>(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: login.body.refreshToken },
  });
  assert.equal(rotated.status, 200);
  // An attacker replays the spent token: refused, and the legitimate successor dies with it.
  const replay = await call(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: login.body.refreshToken },
  });
  assert.equal(replay.status, 401);
  assert.equal(replay.body.code, 'refresh-reused');
  const successor = await call(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: rotated.body.refreshToken },
  });
  assert.equal(successor.status, 401);
  assert.equal(successor.body.code, 'refresh-revoked');
  // Another sign-in (another family) is unaffected.
  const separate = await call(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: other.body.refreshToken },
  });
  assert.equal(separate.status, 200);
  const garbage = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: 'trt_nope' } });
  assert.equal(garbage.status, 401);
});

test('access tokens: missing, expired, bad signature, alg none, wrong audience, foreign key are 401', async () => {
  const path = '/api/v1/auth/me';
  const none = await call(api.url, 'GET', path);
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
  assert.equal(none.body.type, 'https://tributary.dev/problems/unauthorized');

  const keys = await KeySet.fromJwks({ keys: [await generateSigningJwk()] });
  const foreign = await signAccessToken(
    keys,
    { issuer: api.server.config.issuer, audience: 'tributary-api' },
    {
      sub: admin.user.id,
      role: 'admin',
      email: admin.user.email,
    },
  );
  const [h, p, s] = admin.accessToken.split('.') as [string, string, string];
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
  const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, email: 'x@y.z' }))}.${s}`;
  const algNone = new UnsecuredJWT({ ...claims }).encode();
  const jwks = (await call<{ keys: { kid: string }[] }>(api.url, 'GET', '/.well-known/jwks.json')).body;
  assert.equal(jwks.keys.length, 1);
  const hs = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0]?.kid, typ: 'at+jwt' })
    .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
  const cases: [string, string][] = [
    ['foreign key', foreign.token],
    ['tampered payload', tampered],
    ['alg none', algNone],
    ['HS256 with public key', hs],
    ['not a jwt', 'abc.def'],
  ];
  for (const [what, token] of cases) {
    const r = await call(api.url, 'GET', path, { token });
    assert.equal(r.status, 401, what);
    assert.match(r.headers.get('www-authenticate') ?? '', /invalid_token/, what);
  }
});

test('expired and wrong-audience tokens signed with the real key are 401', async () => {
  // Same key as the server (from its environment), but bad claims.
  const keys = await KeySet.fromJwks(api.signingKeys);
  const settings = { issuer: api.server.config.issuer, audience: api.server.config.audience };
  const claims = { sub: admin.user.id, role: 'admin' as const, email: admin.user.email };
  const expired = await signAccessToken(keys, settings, claims, Date.now() - 3600_000);
  const r1 = await call(api.url, 'GET', '/api/v1/auth/me', { token: expired.token });
  assert.equal(r1.status, 401);
  assert.equal(r1.body.detail, 'access token expired');
  const wrongAud = await signAccessToken(keys, { ...settings, audience: 'someone-else' }, claims);
  const r2 = await call(api.url, 'GET', '/api/v1/auth/me', { token: wrongAud.token });
  assert.equal(r2.status, 401);
  const good = await signAccessToken(keys, settings, claims);
  assert.equal((await call(api.url, 'GET', '/api/v1/auth/me', { token: good.token })).status, 200);
});

test('validation errors are 400 problems with a pointer per field', async () => {
  const r = await call(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: 'not-an-email', password: 'short' },
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.type, 'https://tributary.dev/problems/validation');
  const pointers = (r.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();
  assert.deepEqual(pointers, ['/body/email', '/body/password']);
  const extra = await call(api.url, 'POST', '/api/v1/auth/login', {
    body: { email: 'a@b.co', password: 'x', admin: true },
  });
  assert.equal(extra.status, 400);
  const q = await call(api.url, 'GET', '/api/v1/users?limit=0', { token: admin.accessToken });
  assert.equal(q.status, 400);
  assert.equal((q.body.errors as { pointer: string }[])[0]?.pointer, '/query/limit');
  const notJson = await call(api.url, 'POST', '/api/v1/auth/login', {
    raw: '{"email":',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(notJson.status, 400);
});

test('admin manages users; others are refused', async () => {
  const viewer = await userWithRole(api, admin, 'viewer', 'carol@example.org');
  const editor = await userWithRole(api, admin, 'editor', 'dave@example.org');
  assert.equal(editor.user.role, 'editor');
  const list = await call<{ items: { email: string }[]; nextCursor: string | null }>(
    api.url,
    'GET',
    '/api/v1/users?limit=2',
    {
      token: admin.accessToken,
    },
  );
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 2);
  assert.ok(list.body.nextCursor);
  const page2 = await call<{ items: { email: string }[] }>(
    api.url,
    'GET',
    `/api/v1/users?limit=100&cursor=${list.body.nextCursor}`,
    {
      token: admin.accessToken,
    },
  );
  const emails = [...list.body.items, ...page2.body.items].map((u) => u.email);
  assert.equal(new Set(emails).size, emails.length, 'pages do not overlap');
  assert.ok(emails.includes('carol@example.org'));
  for (const s of [viewer, editor]) {
    const r = await call(api.url, 'GET', '/api/v1/users', { token: s.accessToken });
    assert.equal(r.status, 403);
    assert.equal(r.body.type, 'https://tributary.dev/problems/forbidden');
  }
  const missing = await call(api.url, 'PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', {
    token: admin.accessToken,
    body: { role: 'editor' },
  });
  assert.equal(missing.status, 404);
});

test('with a keys file (what tributary up gives the local API), tokens survive an API restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
  const file = join(dir, 'signing-keys.json');
  writeFileSync(file, JSON.stringify({ keys: [await generateSigningJwk('EdDSA')] }), { mode: 0o600 });
  const port = await freePort();
  const env = {
    ...api.env,
    TRIBUTARY_JWT_KEYS: '',
    TRIBUTARY_JWT_KEYS_FILE: file,
    TRIBUTARY_HTTP_PORT: String(port),
    TRIBUTARY_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  try {
    const first = await startApi({ env, log, validateResponses: true });
    const reg = await call<Session>(first.url, 'POST', '/api/v1/auth/register', {
      body: { email: 'restart@example.org', password },
    });
    assert.equal(reg.status, 201);
    await first.shutdown();
    const second = await startApi({ env, log, validateResponses: true });
    try {
      const me = await call(second.url, 'GET', '/api/v1/auth/me', { token: reg.body.accessToken });
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.equal(me.body.email, 'restart@example.org');
    } finally {
      await second.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
