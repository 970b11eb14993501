import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReplay } from './format.ts';

test('the summary totals what each stream wrote and says where it started', () => {
  const out = formatReplay(
    { to: 'graph', since: new Date('2026-11-21T10:00:00Z') },
    [
      { stream: 'ITEMS', consumer: 'replay-graph-items-1', acked: 5000, deadLettered: 1 },
      { stream: 'ENRICHED', consumer: 'replay-graph-enriched-1', acked: 4999, deadLettered: 0 },
    ],
    12_345,
  );
  const lines = out.split('\n');
  assert.equal(lines[0], 'replayed 9999 messages into graph since 2026-11-21T10:00:00.000Z in 12.3s');
  assert.match(lines[1]!, /ITEMS\s+5000 written {2}1 dead-lettered/);
  assert.match(lines[2]!, /ENRICHED\s+4999 written {2}0 dead-lettered/);
  assert.match(
    formatReplay({ to: 'store', since: null }, [], 0),
    /^replayed 0 messages into store from the beginning/,
  );
});
