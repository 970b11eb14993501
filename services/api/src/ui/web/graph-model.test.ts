import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elements, entityNeighborhood } from './graph-model.ts';

test('edges to nodes outside the subgraph are dropped', () => {
  const els = elements({
    truncated: true,
    nodes: [{ id: 'a', label: 'Item', name: 'A' }],
    edges: [
      { from: 'a', to: 'a', type: 'SELF' },
      { from: 'a', to: 'missing', type: 'X' },
    ],
  });
  assert.deepEqual(
    els.map((e) => e.data.id),
    ['a', 'e0'],
  );
});

test('an entity is the centre of its items', () => {
  const g = entityNeighborhood({
    id: 'organization:acme',
    type: 'organization',
    name: 'Acme',
    items: [{ id: 'f:1', feedUid: 'f', key: '1', title: 'One', link: null, published: null, count: 2 }],
  });
  assert.equal(g.nodes.length, 2);
  assert.deepEqual(g.edges, [{ from: 'f:1', to: 'organization:acme', type: 'MENTIONS' }]);
});
