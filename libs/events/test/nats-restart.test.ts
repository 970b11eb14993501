// Fault: the NATS server restarts while a consumer runs. Uses its own nats-server process (own port
// and store dir) so the shared stack is never touched.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { useStack, freePort } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import {
  connectNats,
  createEvent,
  ensureTopology,
  publishEvent,
  runConsumer,
  subjects,
} from '../src/index.ts';
import { sampleItemUpserted } from '../src/testing.ts';
import { eventually } from './helpers.ts';

let env: StackEnv;
let storeDir: string;
let server: ChildProcess | undefined;
let port: number;

async function startServer(): Promise<void> {
  server = spawn(
    env.config.tools.natsServer,
    ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
    { stdio: 'ignore' },
  );
  const nc = await eventually(
    () =>
      connectNats({ servers: [`nats://127.0.0.1:${port}`], prefix: '' }, { timeoutMs: 500 }).catch(
        () => null,
      ),
    15_000,
    'nats-server to accept connections',
  );
  await nc.close();
}

async function stopServer(): Promise<void> {
  const s = server;
  if (!s || s.exitCode !== null) return;
  const exited = new Promise((r) => s.once('exit', r));
  s.kill('SIGTERM');
  await exited;
}

before(async () => {
  env = await useStack({ servers: ['nats'] });
  storeDir = mkdtempSync(join(tmpdir(), 'events-nats-restart-'));
  port = await freePort();
  await startServer();
});
after(async () => {
  await stopServer();
  rmSync(storeDir, { recursive: true, force: true });
});

test('a consumer rides out a NATS restart: nothing lost, nothing committed twice', async () => {
  const nc = await connectNats(
    { servers: [`nats://127.0.0.1:${port}`], prefix: '' },
    { name: 'restart-test' },
  );
  const js = jetstream(nc);
  await ensureTopology(nc, { prefix: 'r' });
  const seen = new Map<string, number>();
  const ac = new AbortController();
  const run = runConsumer({
    nc,
    prefix: 'r',
    stream: 'ITEMS',
    durable: 'restart',
    ackWaitMs: 2_000,
    signal: ac.signal,
    registry: new Registry(),
    handler: async (batch) => {
      for (const b of batch) seen.set(b.event.eventId, (seen.get(b.event.eventId) ?? 0) + 1);
    },
  });
  const publish = async (from: number, n: number) => {
    for (let i = from; i < from + n; i++) {
      const e = createEvent('item.upserted', sampleItemUpserted({ key: `k${i}` }, 'feed'));
      // The first publish after a reconnect can time out while JetStream recovers: retry with the
      // same msg id (what a producer does; the stream dedups if the first one did land).
      for (let attempt = 1; ; attempt++) {
        try {
          await publishEvent(js, subjects('r').itemUpserted('feed'), e, { msgId: `m${i}`, timeoutMs: 2_000 });
          break;
        } catch (err) {
          if (attempt >= 5) throw err;
        }
      }
    }
  };
  try {
    await publish(0, 50);
    await eventually(() => seen.size === 50);
    await stopServer();
    await startServer();
    await publish(50, 50);
    await eventually(() => seen.size === 100, 30_000, 'messages published after the restart');
  } finally {
    ac.abort();
    await run;
    await nc.close();
  }
  // Redelivery after a restart is allowed (at-least-once); the handler's writes are idempotent.
  // What must hold: every message arrived, and none arrived more often than an unacked redelivery explains.
  assert.equal(seen.size, 100);
  assert.ok([...seen.values()].every((n) => n <= 2));
});
