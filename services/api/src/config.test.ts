import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiConfigFromEnv } from './config.ts';

test('defaults, providers and bad values', () => {
  const c = apiConfigFromEnv({});
  assert.equal(c.port, 8080);
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.google, undefined);
  assert.equal(c.rateLimit.store, 'memory');
  const g = apiConfigFromEnv({
    TRIBUTARY_OIDC_GOOGLE_CLIENT_ID: 'id',
    TRIBUTARY_GITHUB_CLIENT_ID: 'gh',
    TRIBUTARY_CORS_ORIGINS: 'https://a, https://b',
    TRIBUTARY_ADMIN_EMAILS: 'Root@Example.org',
    TRIBUTARY_PUBLIC_URL: 'https://api.example.org/',
  });
  assert.equal(g.google?.issuer, 'https://accounts.google.com');
  assert.equal(g.github?.apiUrl, 'https://api.github.com');
  assert.deepEqual(g.corsOrigins, ['https://a', 'https://b']);
  assert.deepEqual(g.adminEmails, ['root@example.org']);
  assert.equal(g.issuer, 'https://api.example.org');
  assert.throws(() => apiConfigFromEnv({ TRIBUTARY_HTTP_PORT: 'x' }), /TRIBUTARY_HTTP_PORT/);
  assert.throws(() => apiConfigFromEnv({ TRIBUTARY_RATE_LIMIT_STORE: 'redis' }), /memory or nats/);
  assert.throws(() => apiConfigFromEnv({ TRIBUTARY_LOGIN_COOKIE_KEY: 'short' }), /32 bytes/);
});
