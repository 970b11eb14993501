import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRules } from './rules.ts';

const spec = { url: 'https://example.org/f.xml', interval: '15m' };

test('no rules, no condition; good rules compile', () => {
  assert.equal(checkRules(spec), null);
  assert.equal(checkRules({ ...spec, rules: [] }), null);
  assert.deepEqual(checkRules({ ...spec, rules: [{ action: 'Drop', field: 'title', regex: '^Ad:' }] }), {
    status: 'True',
    reason: 'RulesCompiled',
    message: '1 rules compiled',
  });
});

test('a bad regex is named with the parser message', () => {
  const c = checkRules({
    ...spec,
    rules: [
      { action: 'Drop', field: 'title', contains: 'ok' },
      { name: 'look', action: 'Drop', field: 'title', regex: '(?=x)' },
    ],
  });
  assert.equal(c?.status, 'False');
  assert.equal(c?.reason, 'InvalidRule');
  assert.match(c?.message ?? '', /^1 of 2 rules skipped at ingest .* look: regex: error parsing regexp/);
});
