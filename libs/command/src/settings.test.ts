import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolSetting, intSetting, UsageError } from './index.ts';

test('intSetting: fallback when unset, value when valid, UsageError naming the variable otherwise', () => {
  assert.equal(intSetting({}, 'N', 7), 7);
  assert.equal(intSetting({ N: ' ' }, 'N', 7), 7);
  assert.equal(intSetting({ N: '12' }, 'N', 7), 12);
  assert.equal(intSetting({ N: '0' }, 'N', 7, 0), 0);
  assert.throws(
    () => intSetting({ N: '0' }, 'N', 7),
    (e) => e instanceof UsageError && /N must be an integer >= 1/.test(e.message),
  );
  assert.throws(() => intSetting({ N: '1.5' }, 'N', 7), UsageError);
  assert.throws(() => intSetting({ N: 'x' }, 'N', 7), UsageError);
  assert.throws(() => intSetting({ N: '70000' }, 'N', 7, 0, 65535), /in \[0, 65535\]/);
});

test('boolSetting: every usual spelling, fallback when unset, UsageError naming the variable otherwise', () => {
  for (const v of ['true', 'TRUE', ' 1 ', 'yes', 'On'])
    assert.equal(boolSetting({ B: v }, 'B', false), true, v);
  for (const v of ['false', 'FALSE', '0', 'no', 'OFF'])
    assert.equal(boolSetting({ B: v }, 'B', true), false, v);
  assert.equal(boolSetting({}, 'B', true), true);
  assert.equal(boolSetting({ B: '' }, 'B', false), false);
  for (const v of ['flase', '2', 'enabled'])
    assert.throws(
      () => boolSetting({ B: v }, 'B', true),
      (e) => e instanceof UsageError && e.message.includes(`B must be a boolean`) && e.message.includes(v),
    );
});
