import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatus } from '@tributary/stack';
import { platformProcesses } from './plan.ts';
import { processRow } from './process-status.ts';

const procs = platformProcesses({
  repoRoot: '/repo',
  stackEnv: {},
  runnerLogDir: '/logs/jobs',
  api: { jwtKeysFile: '/k', adminEmails: 'a@b.org' },
});
const byName = (n: string) => procs.find((p) => p.name === n)!;

test('a platform process is stopped, dead, unhealthy or healthy; its port comes from its readiness URL', () => {
  const api = byName('api');
  assert.deepEqual(processRow(api, { record: undefined, alive: false, ready: undefined }, '/l/api.log'), {
    name: 'api',
    port: 18080,
    logFile: '/l/api.log',
    state: 'stopped',
  });
  const dead = processRow(api, { record: { pid: 7 }, alive: false, ready: undefined }, '/l');
  assert.equal(dead.state, 'dead');
  assert.match(dead.detail ?? '', /pid 7 is gone/);
  assert.equal(processRow(api, { record: { pid: 7 }, alive: true, ready: false }, '/l').state, 'unhealthy');
  assert.equal(processRow(api, { record: { pid: 7 }, alive: true, ready: true }, '/l').state, 'healthy');
  const runner = processRow(byName('runner'), { record: { pid: 8 }, alive: true, ready: undefined }, '/l');
  assert.equal(runner.state, 'healthy', 'no readiness URL: alive is healthy');
  assert.equal(runner.port, undefined);
});

test('tributary status lists every worker, the operator, the runner and the API', () => {
  const rows = procs.map((p) =>
    processRow(p, { record: { pid: 1 }, alive: true, ready: true }, `/l/${p.name}.log`),
  );
  const text = formatStatus(rows, 'PROCESS');
  for (const name of ['worker-store', 'worker-graph', 'worker-enrich', 'operator', 'runner', 'api'])
    assert.match(text, new RegExp(`^${name}\\s+1\\s`, 'm'));
  assert.match(text.split('\n')[0] ?? '', /^PROCESS\s+PID\s+PORT\s+HEALTH\s+LOG$/);
  assert.match(text, /^runner\s+1\s+-\s+healthy/m);
});
