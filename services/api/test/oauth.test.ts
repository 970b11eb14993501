import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, freePort, startTestApi } from './harness.ts';
import type { Session, TestApi } from './harness.ts';
import { browse, startGithub, startOidcProvider } from './providers.ts';
import type { GithubStandIn, OidcStandIn } from './providers.ts';

let api: TestApi;
let google: OidcStandIn;
let github: GithubStandIn;

before(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  google = await startOidcProvider(`${base}/api/v1/auth/google/callback`);
  github = await startGithub();
  api = await startTestApi({
    TRIBUTARY_HTTP_PORT: String(port),
    TRIBUTARY_OIDC_GOOGLE_ISSUER: google.issuer,
    TRIBUTARY_OIDC_GOOGLE_CLIENT_ID: google.clientId,
    TRIBUTARY_OIDC_GOOGLE_CLIENT_SECRET: google.clientSecret,
    TRIBUTARY_GITHUB_CLIENT_ID: github.clientId,
    TRIBUTARY_GITHUB_CLIENT_SECRET: github.clientSecret,
    TRIBUTARY_GITHUB_URL: github.url,
    TRIBUTARY_GITHUB_API_URL: github.url,
  });
});
after(async () => {
  await api?.close();
  await google?.close();
  await github?.close();
});

async function login(
  provider: 'google' | 'github',
): Promise<{ status: number; body: Session & { code?: string } }> {
  const res = await browse(`${api.url}/api/v1/auth/${provider}/login`, () => false);
  return { status: res.status, body: (await res.json()) as Session & { code?: string } };
}

test('Google (OIDC, PKCE, state, nonce): first login creates the user, the next signs in the same one', async () => {
  google.account = { sub: 'g-100', email: 'Gina@Example.org', emailVerified: true, name: 'Gina' };
  const first = await login('google');
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.user.email, 'gina@example.org');
  const me = await call<{ providers: string[]; emailVerified: boolean }>(api.url, 'GET', '/api/v1/auth/me', {
    token: first.body.accessToken,
  });
  assert.deepEqual(me.body.providers, ['google']);
  assert.equal(me.body.emailVerified, true);
  const again = await login('google');
  assert.equal(again.body.user.id, first.body.user.id);
  // The refresh token from a provider login rotates like any other.
  const r = await call(api.url, 'POST', '/api/v1/auth/refresh', {
    body: { refreshToken: again.body.refreshToken },
  });
  assert.equal(r.status, 200);
});

test('a verified provider email links to an existing account; an unverified password is dropped', async () => {
  const password = 'correct horse battery';
  const reg = await call<Session>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: 'pat@example.org', password },
  });
  assert.equal(reg.status, 201);
  google.account = { sub: 'g-200', email: 'pat@example.org', emailVerified: true, name: 'Pat' };
  const linked = await login('google');
  assert.equal(linked.status, 200);
  assert.equal(linked.body.user.id, reg.body.user.id);
  // Whoever registered the address never proved they own it: that password no longer signs in.
  const pw = await call(api.url, 'POST', '/api/v1/auth/login', {
    body: { email: 'pat@example.org', password },
  });
  assert.equal(pw.status, 401);
});

test('Google login with an unverified email is refused', async () => {
  google.account = { sub: 'g-300', email: 'unverified@example.org', emailVerified: false, name: 'U' };
  const r = await login('google');
  assert.equal(r.status, 401);
  assert.equal(r.body.code, 'oauth-unverified-email');
});

test('GitHub (OAuth + user API): creates the user from the verified primary email', async () => {
  github.user = { id: 777, login: 'octo', name: null };
  github.emails = [
    { email: 'old@example.org', primary: false, verified: false },
    { email: 'Octo@Example.org', primary: true, verified: true },
  ];
  const r = await login('github');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.user.email, 'octo@example.org');
  assert.equal(r.body.user.name, 'octo');
  const me = await call<{ providers: string[] }>(api.url, 'GET', '/api/v1/auth/me', {
    token: r.body.accessToken,
  });
  assert.deepEqual(me.body.providers, ['github']);
  github.emails = [{ email: 'nope@example.org', primary: true, verified: false }];
  github.user = { id: 778, login: 'other', name: 'Other' };
  const unverified = await login('github');
  assert.equal(unverified.status, 401);
});

test('callbacks without the login cookie, with a forged state or a provider error are 401', async () => {
  const noCookie = await call(api.url, 'GET', '/api/v1/auth/github/callback?code=abc&state=xyz');
  assert.equal(noCookie.status, 401);
  // Start a real login, then present the callback with another state.
  const start = await fetch(`${api.url}/api/v1/auth/github/login`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  const cookie = start.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  assert.match(cookie, /^tributary_login=/);
  const authorize = new URL(start.headers.get('location') ?? '');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  const forged = await call(api.url, 'GET', '/api/v1/auth/github/callback?code=abc&state=forged', {
    headers: { cookie },
  });
  assert.equal(forged.status, 401);
  const denied = await call(api.url, 'GET', '/api/v1/auth/github/callback?error=access_denied', {
    headers: { cookie },
  });
  assert.equal(denied.status, 401);
  const tampered = await call(api.url, 'GET', '/api/v1/auth/github/callback?code=abc&state=x', {
    headers: { cookie: cookie.slice(0, -4) + 'AAAA' },
  });
  assert.equal(tampered.status, 401);
});
