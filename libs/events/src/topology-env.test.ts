import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventsError } from './errors.ts';
import { parseGoDuration, topologyOptionsFromEnv } from './topology-env.ts';

test('Go-style durations', () => {
  assert.equal(parseGoDuration('90m'), 5_400_000);
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('720h'), 2_592_000_000);
  assert.equal(parseGoDuration('500ms'), 500);
  for (const bad of ['', '10', '1d', 'h', '1h junk']) assert.throws(() => parseGoDuration(bad), EventsError);
});

test('unset: no overrides (TOPOLOGY_DEFAULTS apply)', () => {
  assert.deepEqual(topologyOptionsFromEnv({}), {});
});

test('the chart’s jetstream values map onto TopologyOptions', () => {
  const env = {
    TRIBUTARY_JETSTREAM_CONFIG: JSON.stringify({
      replicas: 3,
      storage: 'file',
      duplicateWindow: '6h',
      maxAge: { items: '2160h', enriched: '720h', feeds: '336h', dlq: '720h' },
    }),
  };
  assert.deepEqual(topologyOptionsFromEnv(env), {
    replicas: 3,
    storage: 'file',
    duplicateWindowMs: 6 * 3_600_000,
    itemsMaxAgeMs: 2160 * 3_600_000,
    enrichedMaxAgeMs: 720 * 3_600_000,
    feedsMaxAgeMs: 336 * 3_600_000,
    dlqMaxAgeMs: 720 * 3_600_000,
  });
});

test('bad settings are BAD_CONFIG errors', () => {
  for (const cfg of [
    '{',
    '{"replicas":2.5}',
    '{"replicas":0}',
    '{"storage":"disk"}',
    '{"maxAge":{"items":"30d"}}',
  ]) {
    assert.throws(
      () => topologyOptionsFromEnv({ TRIBUTARY_JETSTREAM_CONFIG: cfg }),
      (e: unknown) => e instanceof EventsError && e.code === 'BAD_CONFIG',
    );
  }
});
