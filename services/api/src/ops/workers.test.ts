// /ready's `workers` and the tributary_jetstream_consumer_* metrics in-process, with a stubbed
// JetStream view: workers are reported, never part of the API's own readiness.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listen } from '@tributary/http';
import type { RunningServer } from '@tributary/http';
import { createLogger } from '@tributary/log';
import type { WorkersHealth } from '@tributary/events';
import { createApiApp } from '../app.ts';
import { stubAppDeps } from '../app-stubs.ts';
import { workersReporter } from './workers.ts';

let answer: () => Promise<WorkersHealth>;
let postgresUp = true;
const degraded: WorkersHealth = {
  status: 'degraded',
  consumers: [
    {
      role: 'store',
      stream: 'ITEMS',
      streamName: 'ITEMS',
      consumer: 'store-writer',
      status: 'unattached',
      attached: false,
      pending: 40,
      ackPending: 2,
      lag: 42,
      redelivered: 1,
      waiting: 0,
      lastActive: '2026-01-01T00:00:00.000Z',
    },
    {
      role: 'graph',
      stream: 'ITEMS',
      streamName: 'ITEMS',
      consumer: 'graph-writer-items',
      status: 'ok',
      attached: true,
      pending: 0,
      ackPending: 0,
      lag: 0,
      redelivered: 0,
      waiting: 1,
      lastActive: null,
    },
  ],
};

let server: RunningServer;
before(async () => {
  const deps = stubAppDeps({
    log: createLogger('api-workers-test'),
    checks: [
      {
        name: 'postgres',
        required: true,
        check: async () => {
          if (!postgresUp) throw new Error('connect ECONNREFUSED');
        },
      },
    ],
    workers: workersReporter(() => answer(), 200, 0),
  });
  server = await listen(createApiApp(deps).app, 0);
});
after(async () => server?.close());

const ready = async () => {
  const r = await fetch(`${server.url}/ready`);
  return { status: r.status, body: (await r.json()) as { status: string; workers: WorkersHealth } };
};

test('a dead worker degrades /ready.workers only: the API stays ready (200, its own status ok)', async () => {
  answer = async () => degraded;
  const r = await ready();
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.workers.status, 'degraded');
  assert.equal(r.body.workers.consumers[0]?.lag, 42);
});

test('JetStream not answering: workers unknown, still 200; a required dependency down is still 503', async () => {
  answer = () => new Promise(() => {});
  const r = await ready();
  assert.equal(r.status, 200);
  assert.equal(r.body.workers.status, 'unknown');
  assert.match(r.body.workers.error ?? '', /no answer within 200 ms/);
  postgresUp = false;
  answer = async () => ({ status: 'ok', consumers: [] });
  const down = await ready();
  postgresUp = true;
  assert.equal(down.status, 503);
  assert.equal(down.body.workers.status, 'ok');
});

test('metrics: lag = pending + ack pending, attached 0/1, last active, per stream and consumer', async () => {
  answer = async () => degraded;
  const text = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(
    text,
    /^tributary_jetstream_consumer_lag_messages\{stream="ITEMS",consumer="store-writer"\} 42$/m,
  );
  assert.match(
    text,
    /^tributary_jetstream_consumer_pending_messages\{stream="ITEMS",consumer="store-writer"\} 40$/m,
  );
  assert.match(
    text,
    /^tributary_jetstream_consumer_ack_pending_messages\{stream="ITEMS",consumer="store-writer"\} 2$/m,
  );
  assert.match(text, /^tributary_jetstream_consumer_attached\{stream="ITEMS",consumer="store-writer"\} 0$/m);
  assert.match(
    text,
    /^tributary_jetstream_consumer_attached\{stream="ITEMS",consumer="graph-writer-items"\} 1$/m,
  );
  assert.match(
    text,
    /^tributary_jetstream_consumer_last_active_timestamp_seconds\{stream="ITEMS",consumer="store-writer"\} 1767225600$/m,
  );
  assert.doesNotMatch(text, /last_active_timestamp_seconds\{stream="ITEMS",consumer="graph-writer-items"\}/);
});
