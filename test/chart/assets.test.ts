// The chart's generated files match their single sources (feedCrd, operator/src/rbac.ts,
// values.schema.json): `node scripts/gen-chart-assets.ts` rewrites them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findRules,
  renderValuesTable,
  spliceGenerated,
  staleAssets,
  BEGIN_MARK,
  END_MARK,
} from '../../scripts/gen-chart-assets.ts';

test('generated chart assets and docs are in sync with their sources', async () => {
  assert.deepEqual(await staleAssets(), [], 'run: node scripts/gen-chart-assets.ts');
});

test('the values reference walks nested objects and $refs, taking defaults from values.yaml', () => {
  const schema = {
    definitions: {
      res: {
        type: 'object',
        description: 'Resources.',
        properties: { cpu: { type: 'string', description: 'CPU.' } },
      },
    },
    properties: {
      a: { type: 'object', properties: { b: { type: 'integer', description: 'B | count.', minimum: 1 } } },
      r: { $ref: '#/definitions/res' },
      m: { type: 'object', description: 'A free map.' },
    },
  };
  const table = renderValuesTable(schema, { a: { b: 3 }, r: { cpu: '50m' }, m: { x: 'y' } });
  assert.match(table, /\| `a\.b` \| integer \| `3` \| B \\\| count\. \(≥ 1\) \|/);
  assert.match(table, /\| `r\.cpu` \| string \| `"50m"` \| CPU\. \|/);
  assert.match(table, /\| `m` \| object \| `\{"x":"y"\}` \| A free map\. \|/);
  const doc = `x\n${BEGIN_MARK}\nold\n${END_MARK}\ny`;
  assert.equal(spliceGenerated(doc, 'new'), `x\n${BEGIN_MARK}\n\nnew\n\n${END_MARK}\ny`);
});

test('the rbac export is found by shape, and ambiguity is an error', () => {
  const rule = { apiGroups: [''], resources: ['events'], verbs: ['create'] };
  assert.deepEqual(findRules({ operatorClusterRules: [rule], other: 'x' }), [rule]);
  assert.throws(() => findRules({ a: [rule], b: [rule] }), /exactly one/);
  assert.throws(() => findRules({}), /found none/);
});
