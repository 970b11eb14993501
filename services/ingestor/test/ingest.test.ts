// `tributary ingest` run logic against real NATS JetStream (testkit prefix) and the fixture server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedReason } from '@tributary/feeds/fetch';
import { feedKey, hostKey, readState, writeState } from '../src/state-store.ts';
import { initialState } from '../src/state.ts';
import type { FeedFetchState } from '../src/state.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
before(async () => {
  h = await harness({ feeds: 3, items: 10 });
});
after(async () => {
  await h.close();
});

const H = 3600_000;
const fetchesOf = (path: string) => h.server.requests.filter((r) => r.url.startsWith(path)).length;

describe('publishing', () => {
  test('first run publishes every item and the outcome; a second run of an unchanged feed publishes nothing new', async () => {
    const feed = h.feed(h.server.feedUrl(0, 'rss2'), { tags: ['tech'] });
    const first = await h.run(feed);
    assert.equal(first.outcome, 'updated');
    assert.equal(first.httpStatus, 200);
    assert.equal(first.itemsSeen, 10);
    assert.equal(first.itemsPublished, 10);
    assert.deepEqual(first.hubs, [`${h.server.url}/hub`]);
    assert.equal(first.consecutiveFailures, 0);
    assert.ok(first.nextFetchAt && Date.parse(first.nextFetchAt) > Date.now());
    assert.equal(await h.itemCount(feed), 10);
    const event = await h.lastFetched(feed);
    assert.equal(event.type, 'feed.fetched');
    assert.equal(event.data.outcome, 'updated');
    assert.equal(event.data.itemsPublished, 10);

    const second = await h.run(feed, { force: true });
    assert.equal(second.outcome, 'not-modified');
    assert.equal(second.httpStatus, 304);
    assert.equal(second.itemsPublished, 0);
    assert.equal(await h.itemCount(feed), 10, 'nothing new on the stream');
    const sent = h.server.requests.filter((r) => r.url === '/feeds/0.rss2').at(-1)!;
    assert.ok(sent.headers['if-none-match'], 'validators sent back');
  });

  test('a server ignoring validators: the body hash catches the unchanged body', async () => {
    const feed = h.feed(h.server.feedUrl(1, 'atom10', { ignoreValidators: 1 }));
    assert.equal((await h.run(feed)).itemsPublished, 10);
    const again = await h.run(feed, { force: true });
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.httpStatus, 200);
    assert.equal(again.itemsPublished, 0);
    assert.equal(await h.itemCount(feed), 10);
  });

  test('changing one item publishes exactly one update; a new item publishes exactly one', async () => {
    const feed = h.feed(h.server.feedUrl(2, 'json11'));
    await h.run(feed);
    h.server.editItems(2, 1);
    const edited = await h.run(feed, { force: true });
    assert.equal(edited.outcome, 'updated');
    assert.equal(edited.itemsSeen, 10);
    assert.equal(edited.itemsPublished, 1);
    assert.equal(await h.itemCount(feed), 11);
    h.server.addItems(2, 1);
    const added = await h.run(feed, { force: true });
    assert.equal(added.itemsPublished, 1);
    assert.equal(await h.itemCount(feed), 12);
  });

  test('every format ingests', async () => {
    for (const format of ['rss091', 'rdf', 'atom03', 'json10'] as const) {
      const feed = h.feed(h.server.feedUrl(0, format));
      const r = await h.run(feed);
      assert.equal(r.outcome, 'updated', format);
      assert.equal(r.itemsPublished, 10, format);
    }
  });

  test('a windows-1252 feed declared in the Content-Type is decoded (charset reaches the parser)', async () => {
    const feed = h.feed(h.server.feedUrl(0, 'rss2', { charset: 'windows-1252', declare: 'header' }));
    const r = await h.run(feed);
    assert.equal(r.outcome, 'updated');
    assert.equal(r.itemsPublished, 10);
  });
});

describe('scheduling and politeness', () => {
  test('a run that is not due exits without fetching', async () => {
    const url = h.server.feedUrl(0, 'rdf', { case: 'not-due' });
    const feed = h.feed(url);
    await h.run(feed);
    const before = fetchesOf('/feeds/0.rdf?case=not-due');
    const r = await h.run(feed);
    assert.equal(r.outcome, 'skipped');
    assert.equal(r.skipReason, 'not-due');
    assert.equal(fetchesOf('/feeds/0.rdf?case=not-due'), before);
    assert.equal((await h.lastFetched(feed)).data.outcome, 'skipped');
  });

  test('upstream failures back off (reported, never a silent stop) and the backoff is honoured', async () => {
    const feed = h.feed(`${h.server.url}/status/500?case=backoff`);
    const t0 = Date.now();
    const r = await h.run(feed, { random: () => 0 });
    assert.equal(r.outcome, 'failed');
    assert.equal(r.errorClass, 'http-status');
    assert.equal(r.httpStatus, 500);
    assert.equal(r.consecutiveFailures, 1);
    assert.ok(Date.parse(r.nextFetchAt!) >= t0 + 4096_000 - 1000);
    const skipped = await h.run(feed);
    assert.equal(skipped.skipReason, 'backing-off');
    const later = await h.run(feed, { now: () => Date.parse(r.nextFetchAt!) + 1000, random: () => 0 });
    assert.equal(later.consecutiveFailures, 2);
  });

  test('429 Retry-After is honoured per host: another feed on that host waits too', async () => {
    const other = await import('@tributary/fixture-server').then((m) =>
      m.startFixtureServer({ feeds: 1, items: 2 }),
    );
    try {
      const limited = h.feed(other.feedUrl(0, 'rss2', { status: 429, retryAfter: 600 }));
      const r = await h.run(limited, { random: () => 0 });
      assert.equal(r.outcome, 'failed');
      assert.equal(r.errorClass, 'rate-limited');
      assert.equal(r.httpStatus, 429);
      const retryAt = Date.parse(r.retryAfter!);
      assert.ok(Math.abs(retryAt - (Date.now() + 600_000)) < 10_000);
      const hostState = await readState<{ retryAfterUntil: number }>(h.kv, hostKey(new URL(other.url).host));
      assert.equal(hostState.value?.retryAfterUntil, retryAt);
      const sibling = h.feed(other.feedUrl(0, 'atom10'));
      const s = await h.run(sibling);
      assert.equal(s.outcome, 'skipped');
      assert.equal(s.skipReason, 'host-rate-limited');
      assert.equal(other.requests.filter((q) => q.url.startsWith('/feeds/0.atom10')).length, 0);
    } finally {
      await other.close();
    }
  });

  test('503 with an HTTP-date Retry-After', async () => {
    const date = new Date(Date.now() + 2 * H).toUTCString();
    const other = await import('@tributary/fixture-server').then((m) => m.startFixtureServer({ feeds: 1 }));
    try {
      const f = h.feed(`${other.url}/status/503?retryAfter=${encodeURIComponent(date)}`);
      const r = await h.run(f, { random: () => 0 });
      assert.equal(r.errorClass, 'rate-limited');
      assert.ok(Math.abs(Date.parse(r.retryAfter!) - Date.parse(date)) < 2_000);
    } finally {
      await other.close();
    }
  });

  test('410 marks the feed gone', async () => {
    const r = await h.run(h.feed(`${h.server.url}/gone`));
    assert.equal(r.outcome, 'gone');
    assert.equal(r.httpStatus, 410);
    assert.equal(r.errorClass, 'gone');
  });

  test('a document that is not a feed is a handled parse failure, re-parsed next time', async () => {
    const feed = h.feed(`${h.server.url}/opml`);
    const r = await h.run(feed);
    assert.equal(r.outcome, 'failed');
    assert.match(r.errorClass ?? '', /^parse-/);
    assert.equal(r.httpStatus, 200);
    const state = await readState<FeedFetchState>(h.kv, feedKey(feed.uid));
    assert.equal(state.value?.etag, null, 'no validators stored for an unparsed body');
  });

  test('timeouts, oversize and gzip bombs are handled outcomes with per-feed limits', async () => {
    const stalled = await h.run(
      h.feed(h.server.feedUrl(0, 'rss2', { stall: 1 }), { fetch: { timeoutSeconds: 1 } }),
    );
    assert.equal(stalled.errorClass, 'timeout');
    const big = await h.run(
      h.feed(h.server.feedUrl(0, 'rss2', { padBytes: 200_000 }), { fetch: { maxBytes: 100_000 } }),
    );
    assert.equal(big.errorClass, 'too-large');
    const bomb = await h.run(h.feed(h.server.feedUrl(0, 'rss2', { bomb: 1024 ** 3 })));
    assert.equal(bomb.errorClass, 'too-large');
  });

  test('the SSRF guard applies to ingest runs unless private networks are allowed', async () => {
    const r = await h.run(h.feed(h.server.feedUrl(0, 'rss2', { case: 'ssrf' })), {
      fetcher: { allowPrivateNetworks: false },
    });
    assert.equal(r.outcome, 'failed');
    assert.equal(r.errorClass, 'blocked-address');
    assert.equal(fetchesOf('/feeds/0.rss2?case=ssrf'), 0);
    const viaRedirect = await h.run(
      h.feed(`${h.server.url}/redirect/302/1?to=${encodeURIComponent('http://169.254.169.254/latest/')}`),
      {
        fetcher: {
          allowPrivateNetworks: false,
          addressPolicy: (a) => (a === '127.0.0.1' ? null : blockedReason(a)),
        },
      },
    );
    assert.equal(viaRedirect.errorClass, 'blocked-address');
  });
});

describe('redirect evidence', () => {
  test('a 301 becomes the effective URL only after repeated sightings over a day; 302 never', async () => {
    const target = h.server.feedUrl(1, 'rss2', { case: 'moved' });
    const feed = h.feed(`${h.server.url}/redirect/301/1?to=${encodeURIComponent(target)}`);
    const t0 = Date.now();
    const seen: (string | null)[] = [];
    for (const at of [0, 12 * H, 30 * H]) {
      const r = await h.run(feed, { now: () => t0 + at, force: true });
      seen.push(r.effectiveUrl);
    }
    assert.deepEqual(seen, [null, null, target]);
    const state = await readState<FeedFetchState>(h.kv, feedKey(feed.uid));
    assert.equal(state.value?.effectiveUrl, target);
    // Now the feed is fetched at its new home directly.
    const direct = fetchesOf('/feeds/1.rss2?case=moved');
    await h.run(feed, { now: () => t0 + 60 * H, force: true });
    assert.equal(fetchesOf('/feeds/1.rss2?case=moved'), direct + 1);

    const temp = h.feed(`${h.server.url}/redirect/302/1?to=${encodeURIComponent(target)}`);
    for (const at of [0, 12 * H, 30 * H])
      assert.equal((await h.run(temp, { now: () => t0 + at, force: true })).effectiveUrl, null);
  });
});

describe('compare-and-set', () => {
  test('concurrent runs of one feed: exactly one fetches, the other skips as concurrent-run', async () => {
    const url = h.server.feedUrl(0, 'atom10', { delayMs: 300, case: 'race' });
    const feed = h.feed(url);
    const results = await Promise.all([
      h.run(feed, { force: true }),
      h.run(feed, { force: true }),
      h.run(feed, { force: true }),
    ]);
    const outcomes = results.map((r) => r.outcome).sort();
    assert.deepEqual(outcomes, ['skipped', 'skipped', 'updated']);
    assert.ok(results.filter((r) => r.outcome === 'skipped').every((r) => r.skipReason === 'concurrent-run'));
    assert.equal(fetchesOf('/feeds/0.atom10?delayMs=300&case=race'), 1);
    assert.equal(await h.itemCount(feed), 10);
    const state = await readState<FeedFetchState>(h.kv, feedKey(feed.uid));
    assert.equal(state.value?.lease, null, 'lease released');
  });

  test('an expired lease does not block the next run', async () => {
    const feed = h.feed(h.server.feedUrl(1, 'rdf', { case: 'stale-lease' }));
    const stale = { ...initialState(feed.spec.url), lease: { owner: 'crashed-run', until: Date.now() - 1 } };
    await writeState(h.kv, feedKey(feed.uid), stale, 0);
    const r = await h.run(feed);
    assert.equal(r.outcome, 'updated');
  });

  test('a state written by someone else during the run is not overwritten', async () => {
    const feed = h.feed(h.server.feedUrl(1, 'json11', { delayMs: 400, case: 'superseded' }));
    const running = h.run(feed);
    await new Promise((r) => setTimeout(r, 150));
    const current = await readState<FeedFetchState>(h.kv, feedKey(feed.uid));
    assert.ok(current.value?.lease, 'the run holds a lease');
    const takeover = { ...current.value!, lease: null, etag: '"from-the-other-run"' };
    await writeState(h.kv, feedKey(feed.uid), takeover, current.revision);
    const r = await running;
    assert.equal(r.outcome, 'updated');
    const after = await readState<FeedFetchState>(h.kv, feedKey(feed.uid));
    assert.equal(after.value?.etag, '"from-the-other-run"');
  });
});

test('the fetch-state bucket is compare-and-set: a write on a stale revision is refused', async () => {
  const rev = await h.kv.create('feed.cas-check', '{}');
  await assert.rejects(h.kv.update('feed.cas-check', '{"a":1}', rev + 10), /wrong last sequence/);
});
