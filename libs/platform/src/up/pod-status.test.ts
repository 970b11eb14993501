import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podRows } from './pod-status.ts';

const pod = (name: string, status: object) => ({ metadata: { name }, status });

test('pods become status rows: ready, waiting with a reason, restarts, finished hooks, failures', () => {
  const rows = podRows(
    {
      items: [
        pod('api-1', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
        pod('graph-1', {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [{ restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
        }),
        pod('neo4j-0', { phase: 'Pending' }),
        pod('migrate-x', { phase: 'Succeeded' }),
        pod('ingest-y', { phase: 'Failed', containerStatuses: [{ restartCount: 0 }] }),
      ],
    },
    'tributary',
  );
  assert.deepEqual(
    rows.map((r) => [r.name, r.state, r.detail]),
    [
      ['pod/api-1', 'healthy', undefined],
      ['pod/graph-1', 'unhealthy', 'CrashLoopBackOff, 3 restarts'],
      ['pod/neo4j-0', 'unhealthy', 'Pending'],
      ['pod/migrate-x', 'healthy', 'completed'],
      ['pod/ingest-y', 'dead', 'Failed'],
    ],
  );
  assert.match(rows[0]!.logFile, /kubectl logs -n tributary api-1/);
});
