import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createLogger } from '@tributary/log';
import { DependencyGate } from './gate.ts';

const coded = (code: string) => Object.assign(new Error(code), { code });

function gate(probe: () => Promise<void>, signal?: AbortSignal) {
  return new DependencyGate({
    name: 'db',
    probe,
    ...(signal ? { signal } : {}),
    probeDelaysMs: [5],
    probeTimeoutMs: 100,
    registry: new Registry(),
    logger: createLogger('gate-test'),
  });
}

test('an unavailable error closes the gate, tells the consumers, and the probe loop reopens it', async () => {
  let storeUp = false;
  let probes = 0;
  const g = gate(async () => {
    probes++;
    if (!storeUp) throw coded('ECONNREFUSED');
  });
  let downs = 0;
  g.onDown(() => downs++);
  assert.equal(await g.isOutage(coded('ECONNREFUSED')), true);
  assert.equal(g.up, false);
  assert.equal(downs, 1);
  assert.equal(await g.isOutage(new Error('anything while down')), true, 'down stays down');
  assert.equal(downs, 1, 'closing twice tells once');
  const resumed = g.whenUp();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(g.up, false, 'still probing');
  storeUp = true;
  await resumed;
  assert.equal(g.up, true);
  assert.ok(probes >= 2);
});

test('transient errors are not outages; a permanent error is one only if the probe fails too', async () => {
  let storeUp = true;
  const g = gate(async () => {
    if (!storeUp) throw new Error('no');
  });
  assert.equal(await g.isOutage(coded('40P01')), false);
  assert.equal(await g.isOutage(coded('23505')), false, 'the store answers: the message is at fault');
  assert.equal(g.up, true);
  storeUp = false;
  assert.equal(await g.isOutage(new Error('weird driver failure')), true, 'the store does not answer');
  storeUp = true;
  await g.whenUp();
  assert.equal(g.up, true);
});

test('shutdown while the store is down releases the holders and stops probing', async () => {
  const ac = new AbortController();
  const g = gate(() => Promise.reject(coded('ECONNREFUSED')), ac.signal);
  g.markDown('test');
  const waiting = g.whenUp(ac.signal);
  ac.abort();
  await waiting;
  assert.equal(g.up, false);
});
