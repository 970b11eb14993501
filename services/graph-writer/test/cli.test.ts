import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '@tributary/events';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { Driver } from 'neo4j-driver';
import { eventually, itemData, publishItems } from './fixtures.ts';

const bin = fileURLToPath(new URL('../../../bin/tributary.js', import.meta.url));

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  return port;
}

let env: StackEnv;
let nc: NatsConnection;
let driver: Driver;
let child: ChildProcess | undefined;

before(async () => {
  env = await useStack({ servers: ['nats', 'neo4j'] });
  nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  driver = createGraphDriver(graphConfigFromEnv());
});

after(async () => {
  child?.kill('SIGKILL');
  await nc?.drain();
  await driver?.close();
  await env?.cleanup();
});

test('`tributary worker graph` serves probes, projects items and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const labels = graphLabels(env.neo4jLabelPrefix);
  child = spawn(process.execPath, [bin, 'worker', 'graph'], {
    env: {
      ...process.env,
      NATS_URL: env.NATS_URL,
      NEO4J_URL: env.NEO4J_URL,
      TRIBUTARY_NATS_PREFIX: env.natsPrefix,
      TRIBUTARY_NEO4J_LABEL_PREFIX: labels.prefix,
      TRIBUTARY_METRICS_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  const probe = (path: string) =>
    fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.status,
      () => 0,
    );
  await eventually(
    () => probe('/readyz'),
    (s) => s === 200,
    30_000,
  );
  assert.equal(await probe('/healthz'), 200);
  await publishItems(nc, env.natsPrefix, [itemData('c1', 'a'), itemData('c1', 'b')]);
  await eventually(
    () => countGraph(driver, graphConfigFromEnv().database, labels),
    (c) => c.items === 2 && c.published === 2,
  );
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  assert.match(
    metrics,
    /tributary_consumer_messages_acked_total\{[^}]*consumer="graph-writer-items"[^}]*\} 2/,
  );
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
  child = undefined;
});
