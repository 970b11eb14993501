import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setCondition } from './conditions.ts';

test('lastTransitionTime moves only when the status changes', () => {
  const t1 = new Date('2026-01-01T00:00:00Z');
  const t2 = new Date('2026-01-01T01:00:00Z');
  const a = setCondition([], { type: 'Ready', status: 'True', reason: 'A', message: 'm' }, t1);
  const b = setCondition(a, { type: 'Ready', status: 'True', reason: 'B', message: 'n' }, t2);
  assert.equal(b[0]?.lastTransitionTime, '2026-01-01T00:00:00Z');
  assert.equal(b[0]?.reason, 'B');
  const c = setCondition(b, { type: 'Ready', status: 'False', reason: 'C', message: 'o' }, t2);
  assert.equal(c[0]?.lastTransitionTime, '2026-01-01T01:00:00Z');
  const d = setCondition(c, { type: 'Healthy', status: 'True', reason: 'OK', message: '' }, t2);
  assert.deepEqual(
    d.map((x) => x.type),
    ['Ready', 'Healthy'],
  );
});
