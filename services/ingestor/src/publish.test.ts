import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishBounded } from './publish.ts';

test('never more than maxInFlight unacknowledged publishes; all acks awaited and counted', async () => {
  let inFlight = 0;
  let peak = 0;
  const totals = await publishBounded(
    Array.from({ length: 50 }, (_, i) => i),
    async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, (i * 7) % 5));
      inFlight--;
      return { duplicate: i % 10 === 0 };
    },
    8,
  );
  assert.equal(peak, 8);
  assert.equal(inFlight, 0);
  assert.deepEqual(totals, { published: 45, duplicates: 5 });
});

test('a failed publish fails the batch after in-flight ones settle, and stops issuing more', async () => {
  let issued = 0;
  let settled = 0;
  await assert.rejects(
    publishBounded(
      Array.from({ length: 100 }, (_, i) => i),
      async (i) => {
        issued++;
        await new Promise((r) => setTimeout(r, 1));
        settled++;
        if (i === 3) throw new Error('nats down');
        return { duplicate: false };
      },
      4,
    ),
    /nats down/,
  );
  assert.ok(issued < 20, `stopped early (issued ${issued})`);
  assert.equal(settled, issued, 'no publish left dangling');
});
