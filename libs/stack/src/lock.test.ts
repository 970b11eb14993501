import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from './lock.ts';

test('withLock serializes callers in one process and removes the file', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lock-')), 'x.lock');
  const order: string[] = [];
  await Promise.all(
    ['a', 'b', 'c'].map((name) =>
      withLock(file, async () => {
        order.push(`${name}+`);
        assert.equal(readFileSync(file, 'utf8'), String(process.pid));
        await sleep(20);
        order.push(`${name}-`);
      }),
    ),
  );
  assert.deepEqual(order, ['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  assert.equal(existsSync(file), false);
});

test('withLock takes over a lock whose holder died', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lock-')), 'x.lock');
  writeFileSync(file, '999999999'); // no such pid
  assert.equal(await withLock(file, () => Promise.resolve(7), { timeoutMs: 5000 }), 7);
});

test('withLock releases after a failure', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lock-')), 'x.lock');
  await assert.rejects(
    withLock(file, () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await withLock(file, () => Promise.resolve('ok')), 'ok');
});
