import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { inOrder } from './in-order.ts';

test('inOrder runs calls one at a time in call order, and a failure does not block the next', async () => {
  const log: string[] = [];
  const run = inOrder(async (name: string, ms: number, fail = false) => {
    log.push(`start ${name}`);
    await sleep(ms);
    log.push(`end ${name}`);
    if (fail) throw new Error(name);
    return name;
  });
  const results = await Promise.allSettled([run('a', 20, true), run('b', 1), run('c', 5)]);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'fulfilled', 'fulfilled'],
  );
});
