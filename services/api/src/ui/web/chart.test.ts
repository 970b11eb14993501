import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART, bars } from './chart.ts';

test('bars share the width and the tallest fills the height', () => {
  const b = bars([
    { t: 'a', mentions: 2 },
    { t: 'b', mentions: 4 },
  ]);
  assert.equal(b.length, 2);
  assert.equal(b[1]?.y, CHART.pad);
  assert.equal(b[0]?.h, (CHART.height - CHART.pad) / 2);
  assert.ok((b[0]?.x ?? 0) + (b[0]?.w ?? 0) <= (b[1]?.x ?? 0));
});

test('no points, no bars; all-zero points stay flat', () => {
  assert.deepEqual(bars([]), []);
  assert.equal(bars([{ t: 'a', mentions: 0 }])[0]?.h, 0);
});
