// The fetcher against the real fixture HTTP server: every fault the polite fetcher must survive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServer, FIXTURE_FORMATS } from '@tributary/fixture-server';
import type { FixtureServer } from '@tributary/fixture-server';
import { Fetcher, FetchError } from '@tributary/feeds/fetch';
import type { FetchErrorCode } from '@tributary/feeds/fetch';

let server: FixtureServer;
let fetcher: Fetcher;

before(async () => {
  server = await startFixtureServer({ feeds: 2, items: 5 });
  fetcher = new Fetcher({ allowPrivateNetworks: true });
});
after(async () => {
  await fetcher.close();
  await server.close();
});

async function fails(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FetchError, `expected FetchError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected FetchError ${code}`);
}

const requestsTo = (path: string) => server.requests.filter((r) => r.url.startsWith(path));

describe('conditional GET', () => {
  test('validators are sent back verbatim and 304 is reported as not modified', async () => {
    const first = await fetcher.fetch({ url: server.feedUrl(0, 'rss2') });
    assert.equal(first.status, 200);
    assert.ok(first.etag && first.lastModified);
    const second = await fetcher.fetch({
      url: server.feedUrl(0, 'rss2'),
      etag: first.etag,
      lastModified: first.lastModified,
    });
    assert.equal(second.status, 304);
    assert.equal(second.notModified, true);
    assert.equal(second.body.length, 0);
    const last = requestsTo('/feeds/0.rss2').at(-1)!;
    assert.equal(last.headers['if-none-match'], first.etag);
    assert.equal(last.headers['if-modified-since'], first.lastModified);
  });

  test('Last-Modified alone also yields 304; an edit yields new content', async () => {
    const first = await fetcher.fetch({ url: server.feedUrl(1, 'atom10') });
    const lm = await fetcher.fetch({ url: server.feedUrl(1, 'atom10'), lastModified: first.lastModified });
    assert.equal(lm.status, 304);
    server.editItems(1, 1);
    const edited = await fetcher.fetch({
      url: server.feedUrl(1, 'atom10'),
      etag: first.etag,
      lastModified: first.lastModified,
    });
    assert.equal(edited.status, 200);
    assert.notEqual(edited.etag, first.etag);
    assert.match(edited.body.toString(), /\(rev 1\)/);
  });
});

describe('encodings and byte cap', () => {
  for (const encoding of ['gzip', 'deflate', 'deflate-raw', 'br', 'identity']) {
    test(`${encoding} bodies are decoded`, async () => {
      const plain = await fetcher.fetch({ url: server.feedUrl(0, 'rdf', { encoding: 'identity' }) });
      const res = await fetcher.fetch({ url: server.feedUrl(0, 'rdf', { encoding }) });
      assert.equal(res.body.toString(), plain.body.toString());
      assert.equal(res.bytes, plain.bytes);
    });
  }

  test('every format is served and fetched', async () => {
    for (const format of FIXTURE_FORMATS) {
      const res = await fetcher.fetch({ url: server.feedUrl(0, format) });
      assert.equal(res.status, 200, format);
      assert.ok(res.bytes > 500, format);
    }
  });

  test('an oversize body is refused (cap counted on decoded bytes)', async () => {
    const err = await fails(
      fetcher.fetch({ url: server.feedUrl(0, 'rss2', { padBytes: 300_000 }), maxBytes: 100_000 }),
      'too-large',
    );
    assert.equal(err.status, 200);
    // gzip makes the padding tiny on the wire: the cap must apply after decompression
    await fails(
      fetcher.fetch({
        url: server.feedUrl(0, 'rss2', { padBytes: 300_000, encoding: 'gzip' }),
        maxBytes: 100_000,
      }),
      'too-large',
    );
  });

  test('a gzip bomb is stopped early, well before it is fully inflated', async () => {
    // 2 GiB decoded if inflated in full; the collector fails the moment 1 MiB is passed.
    const err = await fails(
      fetcher.fetch({ url: server.feedUrl(0, 'rss2', { bomb: 2 * 1024 ** 3 }), maxBytes: 1024 * 1024 }),
      'too-large',
    );
    assert.match(err.message, /after decompression/);
  });
});

describe('timeouts', () => {
  test('a stalled body times out within the total budget', async () => {
    await fails(fetcher.fetch({ url: server.feedUrl(0, 'rss2', { stall: 1 }), timeoutMs: 800 }), 'timeout');
  });

  test('a slow body that exceeds the total budget times out; a slow one within it succeeds', async () => {
    await fails(
      fetcher.fetch({
        url: server.feedUrl(0, 'rss2', { slowMs: 100, chunkBytes: 64, encoding: 'identity' }),
        timeoutMs: 700,
      }),
      'timeout',
    );
    const ok = await fetcher.fetch({
      url: server.feedUrl(0, 'rss2', { slowMs: 20, chunkBytes: 1024, encoding: 'identity' }),
      timeoutMs: 5_000,
    });
    assert.equal(ok.status, 200);
  });

  test('slow headers time out', async () => {
    await fails(
      fetcher.fetch({ url: server.feedUrl(0, 'rss2', { delayMs: 2_000 }), timeoutMs: 500 }),
      'timeout',
    );
  });

  test('connection refused is a connect error', async () => {
    const closed = await startFixtureServer();
    const url = closed.feedUrl(0, 'rss2');
    await closed.close();
    await fails(fetcher.fetch({ url }), 'connect');
  });
});

describe('redirects', () => {
  for (const code of [301, 302, 307, 308]) {
    test(`${code} chains are followed and recorded`, async () => {
      const res = await fetcher.fetch({ url: `${server.url}/redirect/${code}/3?to=/feeds/1.json11` });
      assert.equal(res.url, server.feedUrl(1, 'json11'));
      assert.equal(res.redirects.length, 3);
      assert.ok(res.redirects.every((h) => h.status === code));
      assert.equal(res.redirects.at(-1)!.to, server.feedUrl(1, 'json11'));
    });
  }

  test('more than 5 hops fail; exactly 5 succeed', async () => {
    const five = await fetcher.fetch({ url: `${server.url}/redirect/301/5?to=/feeds/0.rss2` });
    assert.equal(five.redirects.length, 5);
    await fails(
      fetcher.fetch({ url: `${server.url}/redirect/301/6?to=/feeds/0.rss2` }),
      'too-many-redirects',
    );
  });

  test('loops are detected', async () => {
    await fails(fetcher.fetch({ url: `${server.url}/loop/301/a` }), 'redirect-loop');
    await fails(fetcher.fetch({ url: `${server.url}/loop/307/a` }), 'redirect-loop');
  });

  test('custom headers are dropped on a cross-origin hop', async () => {
    const other = await startFixtureServer({ host: '127.0.0.1' });
    try {
      const res = await fetcher.fetch({
        url: `${server.url}/redirect/302/1?to=${encodeURIComponent(other.feedUrl(0, 'rss2'))}`,
        headers: { authorization: 'Bearer secret' },
      });
      assert.equal(res.url, other.feedUrl(0, 'rss2'));
      assert.equal(requestsTo('/redirect/302/1').at(-1)!.headers.authorization, 'Bearer secret');
      assert.equal(other.requests.at(-1)!.headers.authorization, undefined);
    } finally {
      await other.close();
    }
  });
});

describe('HTTP statuses', () => {
  test('410 is gone', async () => {
    const err = await fails(fetcher.fetch({ url: `${server.url}/gone` }), 'gone');
    assert.equal(err.status, 410);
  });

  test('429 and 503 carry Retry-After (seconds or HTTP-date)', async () => {
    const a = await fails(
      fetcher.fetch({ url: server.feedUrl(0, 'rss2', { status: 429, retryAfter: 120 }) }),
      'rate-limited',
    );
    assert.equal(a.status, 429);
    assert.equal(a.retryAfter, '120');
    const date = new Date(Date.now() + 3600_000).toUTCString();
    const b = await fails(
      fetcher.fetch({ url: server.feedUrl(0, 'rss2', { status: 503, retryAfter: date }) }),
      'rate-limited',
    );
    assert.equal(b.status, 503);
    assert.equal(b.retryAfter, date);
  });

  test('other errors are http-status with the code', async () => {
    const err = await fails(fetcher.fetch({ url: `${server.url}/status/500` }), 'http-status');
    assert.equal(err.status, 500);
    await fails(fetcher.fetch({ url: `${server.url}/nope` }), 'http-status');
  });
});

describe('request shape', () => {
  test('descriptive User-Agent by default, overridable; extra headers sent; charset reported', async () => {
    await fetcher.fetch({ url: server.feedUrl(0, 'rss091') });
    assert.match(
      String(requestsTo('/feeds/0.rss091').at(-1)!.headers['user-agent']),
      /^Tributary\/\S+ \(\+https:/,
    );
    const res = await fetcher.fetch({
      url: server.feedUrl(0, 'rss2', { charset: 'windows-1252' }),
      userAgent: 'MyBot/2',
      headers: { 'x-api-key': 'k1' },
    });
    const seen = requestsTo('/feeds/0.rss2?charset').at(-1)!;
    assert.equal(seen.headers['user-agent'], 'MyBot/2');
    assert.equal(seen.headers['x-api-key'], 'k1');
    assert.match(res.contentType ?? '', /charset=windows-1252/);
    assert.equal(res.body.includes(Buffer.from('café')), false, 'bytes are not UTF-8');
    assert.deepEqual(res.linkHubs, [`${server.url}/hub`]);
  });

  test('per-host concurrency cap holds under parallel fetches', async () => {
    const capped = new Fetcher({ allowPrivateNetworks: true, perHostConcurrency: 2 });
    try {
      server.resetPeak();
      await Promise.all(
        [1, 2, 3, 4, 5].map(() => capped.fetch({ url: server.feedUrl(0, 'rss2', { delayMs: 100 }) })),
      );
      assert.equal(server.peakConcurrency, 2);
      server.resetPeak();
      await Promise.all(
        [1, 2, 3].map(() => fetcher.fetch({ url: server.feedUrl(0, 'rss2', { delayMs: 100 }) })),
      );
      assert.equal(server.peakConcurrency, 2, 'the default cap is 2 per host');
    } finally {
      await capped.close();
    }
  });
});
