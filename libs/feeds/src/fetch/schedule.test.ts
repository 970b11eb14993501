import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheControlMaxAgeMs, entryFrequencyMs, isDue, nextIntervalMs, serverHintMs } from './schedule.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const M = 60_000;
const H = 60 * M;
const ago = (ms: number) => new Date(now - ms).toISOString();

test('Cache-Control max-age', () => {
  assert.equal(cacheControlMaxAgeMs('public, max-age=600'), 600_000);
  assert.equal(cacheControlMaxAgeMs('s-maxage=5, max-age="60"'), 60_000);
  assert.equal(cacheControlMaxAgeMs('no-cache'), null);
  assert.equal(cacheControlMaxAgeMs(null), null);
});

test('server hints: the longest of ttl, max-age and Expires', () => {
  assert.equal(serverHintMs({}, now), 0);
  assert.equal(serverHintMs({ ttlMinutes: 90 }, now), 90 * M);
  assert.equal(serverHintMs({ ttlMinutes: 10, cacheControl: 'max-age=7200' }, now), 2 * H);
  assert.equal(serverHintMs({ expires: new Date(now + 3 * H).toUTCString() }, now), 3 * H);
  assert.equal(serverHintMs({ expires: 'garbage' }, now), 0);
  assert.equal(serverHintMs({ expires: new Date(now - H).toUTCString() }, now), 0);
});

test('entry frequency: a week divided by entries this week', () => {
  assert.equal(entryFrequencyMs([], now), H, 'no dates → default hourly');
  assert.equal(entryFrequencyMs([null, null], now), H);
  assert.equal(entryFrequencyMs([ago(30 * 24 * H)], now), 24 * H, 'stale feed → max');
  const daily = Array.from({ length: 7 }, (_, i) => ago(i * 24 * H + H));
  assert.equal(entryFrequencyMs(daily, now), 24 * H);
  const busy = Array.from({ length: 7 * 24 }, (_, i) => ago(i * H + M));
  assert.equal(entryFrequencyMs(busy, now), H);
});

test('next interval clamps to [5 min, 24 h] and respects hints', () => {
  const flood = Array.from({ length: 5000 }, (_, i) => ago(i * M));
  assert.equal(nextIntervalMs(flood, {}, now), 5 * M, 'clamped low');
  assert.equal(nextIntervalMs([ago(60 * 24 * H)], {}, now), 24 * H);
  assert.equal(nextIntervalMs(flood, { ttlMinutes: 120 }, now), 2 * H, 'ttl is a floor');
  assert.equal(nextIntervalMs(flood, { cacheControl: 'max-age=99999999' }, now), 24 * H, 'hints capped too');
});

test('due computation with slack', () => {
  assert.equal(isDue(null, now), true);
  assert.equal(isDue(now - 1, now), true);
  assert.equal(isDue(now + 10_000, now, 30_000), true);
  assert.equal(isDue(now + 60_000, now, 30_000), false);
});
