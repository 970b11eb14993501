import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '@tributary/command';
import { GRAPH_WORKER_DEFAULTS, graphWorkerSettings } from './config.ts';

test('graph worker settings: defaults, overrides, clear errors', () => {
  assert.deepEqual(graphWorkerSettings({}), { ...GRAPH_WORKER_DEFAULTS });
  assert.deepEqual(
    graphWorkerSettings({
      TRIBUTARY_GRAPH_BATCH_SIZE: '250',
      TRIBUTARY_METRICS_PORT: '0',
      TRIBUTARY_GRAPH_CONCURRENCY: '2',
    }),
    { metricsPort: 0, batchSize: 250, concurrency: 2 },
  );
  assert.throws(() => graphWorkerSettings({ TRIBUTARY_GRAPH_BATCH_SIZE: '0' }), UsageError);
  assert.throws(
    () => graphWorkerSettings({ TRIBUTARY_GRAPH_BATCH_SIZE: 'lots' }),
    /TRIBUTARY_GRAPH_BATCH_SIZE/,
  );
});
