import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { createEvent, itemMsgId, publishEvent, subjects } from '@tributary/events';
import type { ItemUpsertedData } from '@tributary/events';

const bin = fileURLToPath(new URL('../../../bin/tributary.js', import.meta.url));

export type ItemOverrides = Partial<ItemUpsertedData['item']>;

/** An item.upserted payload for feed `feedUid`, with a contentHash derived from its content. */
export function itemData(
  feedUid: string,
  key: string,
  over: ItemOverrides = {},
  enrichEntities = true,
): ItemUpsertedData {
  const item = {
    key,
    guid: key,
    link: `https://${feedUid}.example/${key}`,
    title: `Item ${key}`,
    summary: '',
    content: '',
    published: '2026-01-01T00:00:00.000Z',
    updated: null,
    authors: [{ name: 'Ada Lovelace', email: '', uri: '' }],
    categories: ['news'],
    enclosures: [],
    contentHash: '',
    language: 'en',
    ...over,
  };
  item.contentHash ||= createHash('sha256')
    .update(`${item.title}\n${item.summary}\n${item.content}\n${item.link}`)
    .digest('hex');
  return {
    feed: {
      uid: feedUid,
      namespace: 'default',
      name: `feed-${feedUid}`,
      url: `https://${feedUid}.example/feed`,
      tags: [],
      enrichEntities,
    },
    item,
  };
}

/** Publishes item.upserted events like the ingestor does (msgId = feed:key:contentHash). */
export async function publishItems(
  nc: NatsConnection,
  prefix: string,
  items: ItemUpsertedData[],
): Promise<number> {
  const js = jetstream(nc);
  const subj = subjects(prefix);
  let stored = 0;
  for (let i = 0; i < items.length; i += 200) {
    const acks = await Promise.all(
      items.slice(i, i + 200).map((d) =>
        publishEvent(js, subj.itemUpserted(d.feed.uid), createEvent('item.upserted', d), {
          msgId: itemMsgId(d.feed.uid, d.item.key, d.item.contentHash),
        }),
      ),
    );
    stored += acks.filter((a) => !a.duplicate).length;
  }
  return stored;
}

/** Polls `probe` until it returns true or `timeoutMs` passes (then fails with the last value). */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

export interface WorkerProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** Resolves once /readyz answers 200. */
  ready(): Promise<void>;
}

/** Runs `tributary worker <role>` as a child process against this suite's NATS prefix and labels. */
export async function spawnWorker(
  role: 'graph' | 'enrich',
  stack: { NATS_URL: string; NEO4J_URL: string; natsPrefix: string },
  labelPrefix: string,
): Promise<WorkerProcess> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  const child = spawn(process.execPath, [bin, 'worker', role], {
    env: {
      ...process.env,
      NATS_URL: stack.NATS_URL,
      NEO4J_URL: stack.NEO4J_URL,
      TRIBUTARY_NATS_PREFIX: stack.natsPrefix,
      TRIBUTARY_NEO4J_LABEL_PREFIX: labelPrefix,
      TRIBUTARY_METRICS_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = async () => {
    await eventually(
      () => probe(port, '/readyz'),
      (s) => s === 200,
      60_000,
    );
  };
  return { child, port, exited, ready };
}

/** HTTP status of a worker probe endpoint, 0 when it does not answer. */
export function probe(port: number, path: string): Promise<number> {
  return fetch(`http://127.0.0.1:${port}${path}`).then(
    (r) => r.status,
    () => 0,
  );
}
