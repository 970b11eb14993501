import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cron } from 'croner';
import { EXACT_INTERVAL_MINUTES, intervalLabel } from '@tributary/feed-api';
import {
  effectiveSchedule,
  intervalToCron,
  isExactInterval,
  plannedNextFetch,
  nextFireTime,
  parseInterval,
  ScheduleError,
  validateCron,
} from './schedule.ts';

test('parseInterval reads h/m/s durations', () => {
  assert.equal(parseInterval('15m'), 900_000);
  assert.equal(parseInterval('1h30m'), 5_400_000);
  assert.equal(parseInterval('90s'), 90_000);
  assert.throws(() => parseInterval(''), ScheduleError);
  assert.throws(() => parseInterval('15x'), ScheduleError);
});

/** Average gap between consecutive fires over a week. */
function period(cron: string): number {
  const runs = new Cron(cron, { mode: '5-part', timezone: 'UTC' }).nextRuns(
    200,
    new Date('2026-03-01T00:00:00Z'),
  );
  return ((runs.at(-1) as Date).getTime() - (runs[0] as Date).getTime()) / (runs.length - 1) / 60_000;
}

test('intervals that divide the hour/day map to exact periods', () => {
  for (const [interval, minutes] of [
    ['1m', 1],
    ['5m', 5],
    ['15m', 15],
    ['30m', 30],
    ['1h', 60],
    ['2h', 120],
    ['6h', 360],
    ['24h', 1440],
  ] as const) {
    assert.equal(period(intervalToCron(interval, 'ns/feed')), minutes, interval);
  }
});

test('other intervals round down to the nearest cron-expressible period (never less often than asked)', () => {
  assert.equal(intervalToCron('7m', 'x').split(' ')[0]?.endsWith('/6'), true);
  assert.equal(period(intervalToCron('45m', 'x')), 30);
  assert.equal(period(intervalToCron('5h', 'x')), 240);
  assert.equal(period(intervalToCron('168h', 'x')), 7 * 1440);
});

test('feeds with the same interval are spread over the period, deterministically', () => {
  const offsets = new Set(
    Array.from({ length: 50 }, (_, i) => intervalToCron('15m', `ns/feed-${i}`).split('-')[0]),
  );
  assert.ok(offsets.size >= 10, `only ${offsets.size} distinct offsets`);
  assert.equal(intervalToCron('1h', 'ns/a'), intervalToCron('1h', 'ns/a'));
});

test('every generated schedule is valid cron', () => {
  for (const i of ['1m', '2m', '9m', '59m', '1h', '1h1m', '3h', '11h', '23h', '24h', '48h', '100h', '168h']) {
    for (const seed of ['a/b', 'c/d', 'e/f'])
      assert.doesNotThrow(() => validateCron(intervalToCron(i, seed)), `${i} ${seed}`);
  }
});

test('validateCron rejects unreadable and never-firing schedules', () => {
  assert.throws(() => validateCron('61 * * * *'), /invalid cron/);
  assert.throws(() => validateCron('0 0 30 2 *'), /never fires/);
  assert.doesNotThrow(() => validateCron('@hourly'));
});

test('nextFireTime is strictly after `from`, in UTC', () => {
  assert.equal(
    nextFireTime('*/15 * * * *', new Date('2026-01-01T00:00:00Z'))?.toISOString(),
    '2026-01-01T00:15:00.000Z',
  );
  assert.equal(
    nextFireTime('0 9 * * *', new Date('2026-01-01T09:00:30Z'))?.toISOString(),
    '2026-01-02T09:00:00.000Z',
  );
});

test('effectiveSchedule prefers schedule, else converts interval', () => {
  assert.equal(effectiveSchedule({ schedule: '0 * * * *' }, 's'), '0 * * * *');
  assert.match(effectiveSchedule({ interval: '15m' }, 's'), /^\d+-59\/15 \* \* \* \*$/);
  assert.throws(() => effectiveSchedule({}, 's'), ScheduleError);
});

test('every interval the CRD admits is kept exactly; others are not exact', () => {
  for (const m of EXACT_INTERVAL_MINUTES) {
    const label = intervalLabel(m);
    assert.equal(isExactInterval(label), true, label);
    assert.equal(period(intervalToCron(label, 'ns/feed')), m, label);
  }
  assert.equal(isExactInterval('60m'), true, '60m is 1h');
  for (const i of ['90m', '45m', '7m', '5h', '48h', '90s', '1h30m'])
    assert.equal(isExactInterval(i), false, i);
});

test('plannedNextFetch: the first tick at which the ingestor fetches, or an earlier pending retry', () => {
  const now = new Date('2026-01-01T04:00:10Z');
  const at = (due?: string, retry?: string) =>
    plannedNextFetch('4 * * * *', now, {
      ...(due ? { dueTime: due } : {}),
      ...(retry ? { retryAt: new Date(retry) } : {}),
    })?.toISOString();
  assert.equal(at(), '2026-01-01T04:04:00.000Z', 'not backing off: the next tick');
  assert.equal(at('2026-01-01T03:00:00Z'), '2026-01-01T04:04:00.000Z', 'due in the past: the next tick');
  assert.equal(
    at('2026-01-01T05:16:00Z'),
    '2026-01-01T06:04:00.000Z',
    'backing off to 05:16: the 06:04 tick fetches',
  );
  assert.equal(at('2026-01-01T05:04:20Z'), '2026-01-01T05:04:00.000Z', 'a tick within the due slack fetches');
  assert.equal(at(undefined, '2026-01-01T04:01:00Z'), '2026-01-01T04:01:00.000Z', 'a pending retry first');
  assert.equal(at('2026-01-01T05:16:00Z', '2026-01-01T07:00:00Z'), '2026-01-01T06:04:00.000Z');
});
