// SSRF guard with the guard ON (the production default), against the real fixture server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureServer } from '@tributary/fixture-server';
import { Fetcher, FetchError, blockedReason } from '@tributary/feeds/fetch';

let server: FixtureServer;
const guarded = new Fetcher({ allowPrivateNetworks: false });

before(async () => {
  server = await startFixtureServer({ feeds: 1, items: 2 });
});
after(async () => {
  await guarded.close();
  await server.close();
});

async function refused(fetcher: Fetcher, url: string, pattern: RegExp): Promise<void> {
  await assert.rejects(fetcher.fetch({ url, timeoutMs: 3_000 }), (err: unknown) => {
    assert.ok(err instanceof FetchError);
    assert.equal(err.code, 'blocked-address', err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

test('loopback, private, link-local, metadata and unspecified targets are refused before connecting', async () => {
  const before = server.requests.length;
  await refused(guarded, server.feedUrl(0, 'rss2'), /loopback/);
  await refused(guarded, server.feedUrl(0, 'rss2').replace('127.0.0.1', 'localhost'), /loopback/);
  await refused(guarded, `http://[::1]:${server.port}/feeds/0.rss2`, /loopback/);
  await refused(guarded, `http://[::ffff:127.0.0.1]:${server.port}/feeds/0.rss2`, /loopback/);
  await refused(guarded, 'http://169.254.169.254/latest/meta-data/', /metadata/);
  await refused(guarded, 'http://[fd00:ec2::254]/latest/meta-data/', /metadata/);
  await refused(guarded, 'http://10.0.0.1/feed', /private/);
  await refused(guarded, 'http://192.168.1.1/feed', /private/);
  await refused(guarded, 'http://100.64.0.1/feed', /cgnat/);
  await refused(guarded, 'http://0.0.0.0/feed', /unspecified/);
  await refused(guarded, 'http://2130706433/feed', /loopback/); // decimal form of 127.0.0.1
  assert.equal(server.requests.length, before, 'nothing reached the server');
});

/** A resolver standing in for attacker-controlled DNS. */
function dns(map: Record<string, string[] | (() => string[])>) {
  return async (host: string): Promise<LookupAddress[]> => {
    const entry = map[host];
    if (!entry) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

// Lets the test reach the fixture server at 127.0.0.1 while everything else is judged as in production.
const only127001 = (a: string) => (a === '127.0.0.1' ? null : blockedReason(a));

test('a name resolving to any blocked address is refused (mixed public + private answers)', async () => {
  const fetcher = new Fetcher({
    allowPrivateNetworks: false,
    resolve: dns({ 'mixed.test': ['93.184.216.34', '10.0.0.5'] }),
  });
  try {
    await refused(fetcher, 'http://mixed.test/feed', /10\.0\.0\.5 is a private/);
  } finally {
    await fetcher.close();
  }
});

test('DNS rebinding: the connection uses the vetted answer, a later private answer is refused', async () => {
  let calls = 0;
  const fetcher = new Fetcher({
    allowPrivateNetworks: false,
    addressPolicy: only127001,
    // 1st answer (pre-check) is fine, every later answer points at the metadata service.
    resolve: dns({ 'rebind.test': () => (++calls === 1 ? ['127.0.0.1'] : ['169.254.169.254']) }),
  });
  try {
    await refused(fetcher, `http://rebind.test:${server.port}/feeds/0.rss2`, /metadata/);
  } finally {
    await fetcher.close();
  }
});

test('the connection is pinned to the vetted address (Host header keeps the name)', async () => {
  const fetcher = new Fetcher({
    allowPrivateNetworks: false,
    addressPolicy: only127001,
    resolve: dns({ 'feeds.test': ['127.0.0.1'] }),
  });
  try {
    const res = await fetcher.fetch({ url: `http://feeds.test:${server.port}/feeds/0.rss2` });
    assert.equal(res.status, 200);
    assert.equal(server.requests.at(-1)!.headers.host, `feeds.test:${server.port}`);
  } finally {
    await fetcher.close();
  }
});

test('every redirect hop is vetted: a redirect to a blocked address is refused', async () => {
  const fetcher = new Fetcher({ allowPrivateNetworks: false, addressPolicy: only127001 });
  try {
    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.2:${server.port}/feeds/0.rss2`,
      'http://[::1]/',
    ]) {
      await refused(
        fetcher,
        `${server.url}/redirect/302/2?to=${encodeURIComponent(target)}`,
        /metadata|loopback/,
      );
    }
  } finally {
    await fetcher.close();
  }
});

test('TRIBUTARY_ALLOW_PRIVATE_NETWORKS lets local development fetch loopback', async () => {
  const open = new Fetcher({ allowPrivateNetworks: true });
  try {
    assert.equal((await open.fetch({ url: server.feedUrl(0, 'rss2') })).status, 200);
  } finally {
    await open.close();
  }
});
