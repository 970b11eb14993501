import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allHealthy, formatStatus } from './status.ts';

test('status table: one aligned row per server with pid, port and health', () => {
  const text = formatStatus([
    { name: 'etcd', state: 'healthy', port: 22379, pid: 10, logFile: '/s/logs/etcd.log' },
    {
      name: 'nats',
      state: 'dead',
      port: 24222,
      pid: 11,
      detail: 'pid 11 is gone',
      logFile: '/s/logs/nats.log',
    },
    { name: 'neo4j', state: 'stopped', port: 27687, logFile: '/s/logs/neo4j.log' },
  ]);
  const lines = text.split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^SERVER\s+PID\s+PORT\s+HEALTH\s+LOG$/);
  assert.match(lines[2]!, /^nats\s+11\s+24222\s+dead \(pid 11 is gone\)\s+\/s\/logs\/nats\.log$/);
  assert.match(lines[3]!, /^neo4j\s+-\s+27687\s+stopped/);
  assert.equal(lines[1]!.indexOf('22379'), lines[2]!.indexOf('24222'));
});

test('allHealthy', () => {
  const row = { name: 'etcd' as const, port: 1, logFile: '' };
  assert.equal(allHealthy([{ ...row, state: 'healthy' }]), true);
  assert.equal(
    allHealthy([
      { ...row, state: 'healthy' },
      { ...row, state: 'unhealthy' },
    ]),
    false,
  );
});
