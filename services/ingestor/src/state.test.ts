import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAttempt, decideRun, initialState, itemDigest, newOrChanged, stateFor } from './state.ts';
import type { Attempt, FeedFetchState } from './state.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const H = 3600_000;
const noRandom = () => 0;
const url = 'https://example.org/feed.xml';

const updated = (
  items: { key: string; contentHash: string; published?: string }[],
  extra: Partial<Attempt> = {},
): Attempt =>
  ({
    kind: 'updated',
    hops: [],
    etag: '"e1"',
    lastModified: 'Sun, 01 Mar 2026 11:00:00 GMT',
    hints: {},
    bodyHash: 'b1',
    items: items.map((i) => ({
      key: i.key,
      contentHash: i.contentHash,
      published: i.published ?? null,
      updated: null,
    })),
    ...extra,
  }) as Attempt;

test('a new or re-pointed feed starts from a clean state', () => {
  const s = { ...initialState(url), etag: '"x"' };
  assert.equal(stateFor(s, url).etag, '"x"');
  assert.equal(stateFor(s, 'https://other/').etag, null);
  assert.equal(stateFor(null, url).specUrl, url);
});

test('decideRun: due, not due, backing off, rate limited, leased, forced, suspended', () => {
  const fresh = initialState(url);
  const opts = { force: false, suspended: false, hostRetryAfterUntil: null };
  assert.deepEqual(decideRun(fresh, now, opts), { run: true });
  const later = { ...fresh, nextFetchAt: now + H };
  assert.deepEqual(decideRun(later, now, opts), { run: false, reason: 'not-due' });
  assert.deepEqual(decideRun({ ...later, consecutiveFailures: 2 }, now, opts), {
    run: false,
    reason: 'backing-off',
  });
  assert.deepEqual(decideRun({ ...later, retryAfterUntil: now + H }, now, opts), {
    run: false,
    reason: 'rate-limited',
  });
  assert.deepEqual(decideRun(fresh, now, { ...opts, hostRetryAfterUntil: now + 1000 }), {
    run: false,
    reason: 'host-rate-limited',
  });
  assert.deepEqual(decideRun(fresh, now, { ...opts, suspended: true }), { run: false, reason: 'suspended' });
  assert.deepEqual(decideRun(later, now, { ...opts, force: true }), { run: true });
  const leased = { ...fresh, lease: { owner: 'other', until: now + 1000 } };
  assert.deepEqual(decideRun(leased, now, { ...opts, force: true }), {
    run: false,
    reason: 'concurrent-run',
  });
  assert.deepEqual(
    decideRun({ ...leased, lease: { owner: 'other', until: now - 1 } }, now, opts),
    { run: true },
    'expired lease',
  );
  assert.deepEqual(
    decideRun({ ...fresh, nextFetchAt: now + 10_000 }, now, opts),
    { run: true },
    'within slack',
  );
});

test('success stores validators verbatim, resets failures, schedules by entry frequency', () => {
  const prev = {
    ...initialState(url),
    consecutiveFailures: 3,
    lastError: { class: 'timeout', message: 'x' },
  };
  const items = Array.from({ length: 14 }, (_, i) => ({
    key: `k${i}`,
    contentHash: `h${i}`,
    published: new Date(now - i * 12 * H).toISOString(),
  }));
  const t = applyAttempt(prev, updated(items), now, noRandom);
  assert.equal(t.outcome, 'updated');
  assert.equal(t.state.etag, '"e1"');
  assert.equal(t.state.lastModified, 'Sun, 01 Mar 2026 11:00:00 GMT');
  assert.equal(t.state.consecutiveFailures, 0);
  assert.equal(t.state.lastError, null);
  assert.equal(t.state.bodyHash, 'b1');
  assert.equal(t.state.intervalMs, 12 * H, '14 items per week → every 12 h');
  assert.equal(t.state.nextFetchAt, now + 12 * H);
  assert.equal(t.state.lastItemTime, items[0]!.published);
  assert.equal(t.state.seen.length, 14);
  assert.equal(t.state.lease, null);
});

test('only new or changed items are selected for publishing', () => {
  const a = [
    { key: 'a', contentHash: '1' },
    { key: 'b', contentHash: '2' },
  ];
  const s = applyAttempt(initialState(url), updated(a), now, noRandom).state;
  assert.deepEqual(newOrChanged(s, a), []);
  const changed = [
    { key: 'a', contentHash: '1' },
    { key: 'b', contentHash: '3' },
    { key: 'c', contentHash: '4' },
  ];
  assert.deepEqual(
    newOrChanged(s, changed).map((i) => i.key),
    ['b', 'c'],
  );
  assert.notEqual(itemDigest('a', '1'), itemDigest('a', '2'));
});

test('304 keeps validators (refreshing what the server re-sent) and the learnt interval', () => {
  const prev: FeedFetchState = {
    ...initialState(url),
    etag: '"e1"',
    lastModified: 'old',
    intervalMs: 2 * H,
    bodyHash: 'b',
  };
  const t = applyAttempt(
    prev,
    { kind: 'not-modified', hops: [], etag: null, lastModified: 'new', hints: {} },
    now,
    noRandom,
  );
  assert.equal(t.outcome, 'not-modified');
  assert.equal(t.state.etag, '"e1"');
  assert.equal(t.state.lastModified, 'new');
  assert.equal(t.state.bodyHash, 'b');
  assert.equal(t.state.nextFetchAt, now + 2 * H);
  const hinted = applyAttempt(
    prev,
    {
      kind: 'unchanged',
      hops: [],
      etag: '"e2"',
      lastModified: null,
      hints: { cacheControl: 'max-age=14400' },
    },
    now,
    noRandom,
  );
  assert.equal(hinted.state.intervalMs, 4 * H, 'max-age lengthens the interval');
  assert.equal(hinted.state.etag, '"e2"');
});

test('failures back off exponentially with a cap and keep validators; never give up', () => {
  let s: FeedFetchState = { ...initialState(url), etag: '"keep"', intervalMs: 15 * 60_000 };
  const waits: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = applyAttempt(
      s,
      { kind: 'failed', hops: [], errorClass: 'connect', message: 'refused' },
      now,
      noRandom,
    );
    assert.equal(t.outcome, 'failed');
    s = t.state;
    waits.push(s.nextFetchAt! - now);
  }
  assert.equal(s.consecutiveFailures, 30);
  assert.equal(s.etag, '"keep"');
  assert.equal(waits[0], 4096_000);
  assert.equal(waits.at(-1), 24 * H, 'capped, still scheduled');
  for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! >= waits[i - 1]!);
});

test('429/503 schedule at Retry-After (capped, jittered), not at the backoff', () => {
  const t = applyAttempt(
    initialState(url),
    { kind: 'failed', hops: [], errorClass: 'rate-limited', message: '429', retryAfter: '120' },
    now,
    noRandom,
  );
  assert.equal(t.retryAfterUntil, now + 120_000);
  assert.equal(t.state.nextFetchAt, now + 120_000);
  assert.equal(t.state.consecutiveFailures, 1);
  const capped = applyAttempt(
    initialState(url),
    {
      kind: 'failed',
      hops: [],
      errorClass: 'rate-limited',
      message: '503',
      retryAfter: String(365 * 24 * 3600),
    },
    now,
    noRandom,
  );
  assert.equal(capped.state.nextFetchAt, now + 48 * H);
});

test('410 marks the feed gone and re-checks daily', () => {
  const t = applyAttempt(
    initialState(url),
    { kind: 'failed', hops: [], errorClass: 'gone', message: '410', gone: true },
    now,
    noRandom,
  );
  assert.equal(t.outcome, 'gone');
  assert.equal(t.state.gone, true);
  assert.equal(t.state.nextFetchAt, now + 24 * H);
  const back = applyAttempt(t.state, updated([]), now + 25 * H, noRandom);
  assert.equal(back.state.gone, false);
});

test('permanent redirects become the effective URL only after repeated sightings over time', () => {
  const hops = [{ from: url, to: 'https://new.example.org/feed', status: 301 }];
  let s = initialState(url);
  const seen: (string | null)[] = [];
  for (const at of [0, 12 * H, 30 * H]) {
    const t = applyAttempt(s, updated([], { hops } as Partial<Attempt>), now + at, noRandom);
    s = t.state;
    seen.push(t.effectiveUrl);
  }
  assert.deepEqual(seen, [null, null, 'https://new.example.org/feed']);
  const temp = applyAttempt(
    initialState(url),
    updated([], { hops: [{ from: url, to: 'https://x/', status: 302 }] } as Partial<Attempt>),
    now,
    noRandom,
  );
  assert.equal(temp.state.redirect, null);
});

test('without the adaptive schedule a success is due at the next cron tick; failures still back off', () => {
  const ok = applyAttempt(initialState(url), updated([]), now, noRandom, { adaptive: false });
  assert.equal(ok.state.nextFetchAt, null);
  const nm = applyAttempt(
    ok.state,
    { kind: 'not-modified', hops: [], etag: null, lastModified: null, hints: {} },
    now,
    noRandom,
    {
      adaptive: false,
    },
  );
  assert.equal(nm.state.nextFetchAt, null);
  const failed = applyAttempt(
    ok.state,
    { kind: 'failed', hops: [], errorClass: 'dns', message: 'x' },
    now,
    noRandom,
    { adaptive: false },
  );
  assert.ok(failed.state.nextFetchAt! > now);
});
