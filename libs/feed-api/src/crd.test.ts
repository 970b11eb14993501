import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cron } from 'croner';
import { feedCrd } from './crd.ts';
import { CRON_PATTERN } from './cron-pattern.ts';
import { EXACT_INTERVAL_MINUTES, EXACT_INTERVAL_RULE } from './intervals.ts';

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

test('kubectl get feeds shows a failing feed at a glance: status, last fetch, next fetch, last error by default', () => {
  const cols = feedCrd.spec.versions[0]?.additionalPrinterColumns ?? [];
  const byDefault = cols.filter((c) => !('priority' in c)).map((c) => c.name);
  assert.deepEqual(byDefault, [
    'URL',
    'Schedule',
    'Ready',
    'Status',
    'Last Fetch',
    'Next Fetch',
    'Items',
    'Last Error',
    'Age',
  ]);
  const next = cols.find((c) => c.name === 'Next Fetch');
  assert.equal(next?.type, 'string', 'kubectl prints a future date column as <invalid>');
  assert.equal(cols.find((c) => c.name === 'Status')?.jsonPath, '.status.summary');
});

test('the interval rule lists exactly the exact intervals, as CEL durations', () => {
  const listed = [...EXACT_INTERVAL_RULE.matchAll(/duration\('(\d+)m'\)/g)].map((m) => Number(m[1]));
  assert.deepEqual(listed, [...EXACT_INTERVAL_MINUTES]);
  assert.match(EXACT_INTERVAL_RULE, /^self != '' && duration\(self\) in \[/);
  const rules = feedCrd.spec.versions[0]?.schema.openAPIV3Schema as unknown as {
    properties: { spec: { properties: { interval: { 'x-kubernetes-validations': { rule: string }[] } } } };
  };
  assert.ok(
    rules.properties.spec.properties.interval['x-kubernetes-validations'].some(
      (r) => r.rule === EXACT_INTERVAL_RULE,
    ),
  );
});
