import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PoisonMessageError } from '../errors.ts';
import { classifyError, decideFailure, isTransientError, nakDelay, restartDelay } from './policy.ts';

const policy = { maxDeliver: 3, nakDelaysMs: [100, 500] };

test('poison is dead-lettered at once, other errors retried until the last delivery', () => {
  assert.deepEqual(decideFailure(new PoisonMessageError('bad'), 1, policy), {
    action: 'dead-letter',
    reason: 'poison: bad',
  });
  assert.deepEqual(decideFailure(new Error('x'), 1, policy), { action: 'nak', delayMs: 100 });
  assert.deepEqual(decideFailure(new Error('x'), 2, policy), { action: 'nak', delayMs: 500 });
  const last = decideFailure(new Error('boom'), 3, policy);
  assert.equal(last.action, 'dead-letter');
  assert.match((last as { reason: string }).reason, /max deliveries \(3\).*boom/);
});

test('nak delays repeat their last value', () => {
  assert.equal(nakDelay(10, [1, 2]), 2);
  assert.equal(nakDelay(0, [1, 2]), 1);
  assert.equal(nakDelay(3, []), 0);
});

test('transient errors: socket codes, SQLSTATE class 08 and friends, flagged or wrapped errors', () => {
  assert.ok(isTransientError(Object.assign(new Error(), { code: 'ECONNRESET' })));
  assert.ok(isTransientError(Object.assign(new Error(), { code: '08006' })));
  assert.ok(isTransientError(Object.assign(new Error(), { code: '40001' })));
  assert.ok(isTransientError(new Error('wrapped', { cause: Object.assign(new Error(), { code: '57P01' }) })));
  assert.ok(isTransientError(Object.assign(new Error(), { transient: true })));
  assert.ok(!isTransientError(Object.assign(new Error(), { code: '23505' })));
  assert.ok(!isTransientError('string'));
});

test('restart delay grows with attempts and stays in range', () => {
  const r = { min: 100, max: 1000 };
  assert.equal(
    restartDelay(0, r, () => 0),
    100,
  );
  assert.ok(restartDelay(1, r, () => 0.999) < 200);
  assert.ok(restartDelay(20, r, () => 0.999) < 1000);
});

test('classifyError: outages, lost races and bad data are told apart in one place', () => {
  const coded = (code: string) => Object.assign(new Error(code), { code });
  for (const e of [
    coded('ECONNREFUSED'),
    coded('08006'),
    coded('57P01'),
    coded('ServiceUnavailable'),
    coded('SessionExpired'),
    new Error('Connection terminated unexpectedly'),
    new Error('wrapped', { cause: coded('ECONNRESET') }),
    Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect')),
    Object.assign(new Error('x'), { name: 'ConnectionException' }),
  ])
    assert.equal(classifyError(e), 'unavailable', String(e));
  for (const e of [coded('40001'), coded('40P01'), coded('Neo.TransientError.Transaction.DeadlockDetected')])
    assert.equal(classifyError(e), 'transient', String(e));
  for (const e of [
    coded('23505'),
    coded('22P02'),
    coded('Neo.ClientError.Statement.TypeError'),
    new Error('x'),
    null,
  ])
    assert.equal(classifyError(e), 'permanent', String(e));
});
