import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cron } from 'croner';
import { feedCrd } from './crd.ts';
import { CRON_PATTERN } from './cron-pattern.ts';

/** JS stand-in for the CEL `matches` (RE2): `(?i)` becomes the `i` flag. */
const cronRe = new RegExp(CRON_PATTERN.replace('(?i)', ''), 'i');

test('the cron pattern accepts what croner accepts and rejects out-of-range fields', () => {
  const good = [
    '*/15 * * * *',
    '0 * * * *',
    '5,35 9-17 * * mon-fri',
    '0 0 1 jan,jul *',
    '@hourly',
    '@daily',
    '0 0 * * 7',
    '7-59/15 * * * *',
    '0 0 ? * *',
  ];
  const bad = [
    '61 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '* * * 13 *',
    '* * * * 8',
    '* * * *',
    '* * * * * *',
    'every 5 minutes',
    '@often',
    '',
  ];
  for (const p of good) {
    assert.ok(cronRe.test(p), `pattern should accept ${p}`);
    assert.doesNotThrow(() => new Cron(p, { mode: '5-part' }), p);
  }
  for (const p of bad) assert.ok(!cronRe.test(p), `pattern should reject ${JSON.stringify(p)}`);
});

test('the served schema is structural: no additionalProperties next to properties', () => {
  const text = JSON.stringify(feedCrd);
  assert.ok(!text.includes('"additionalProperties"'));
  assert.equal(feedCrd.spec.versions[0]?.subresources.status !== undefined, true);
});

test('every spec field has a description (kubectl explain)', () => {
  const walk = (s: Record<string, unknown>, path: string): void => {
    if (path !== '' && path !== '.metadata' && !s.description) assert.fail(`${path} has no description`);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>))
      walk(v, `${path}.${k}`);
    if (s.items && (s.items as Record<string, unknown>).properties)
      walk(s.items as Record<string, unknown>, `${path}[]`);
  };
  const schema = feedCrd.spec.versions[0]?.schema.openAPIV3Schema as Record<string, unknown>;
  walk(
    (schema.properties as Record<string, Record<string, unknown>>).spec as Record<string, unknown>,
    '.spec',
  );
  walk(
    (schema.properties as Record<string, Record<string, unknown>>).status as Record<string, unknown>,
    '.status',
  );
});
