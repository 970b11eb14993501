/**
 * The pooled ingest worker: one shared durable on the FETCHES work queue, at most `concurrency`
 * fetches in flight, a per-host slot (host-slots.ts, shared by every replica) held around each
 * fetch, and the same `runIngest` as the CronJob's job. An item is acked once its outcome is
 * published; an item for a busy host, or for a feed another run holds the claim on (a replica
 * killed mid-fetch), is nakked with a delay and comes back. SIGTERM: stop pulling, finish the
 * fetches in flight, nak what was delivered but not started.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeEventOf, subjects as subjectsFor, topologyNames } from '@tributary/events';
import type { FeedFetchDueData } from '@tributary/events';
import type { Fetcher } from '@tributary/feeds/fetch';
import type { FeedSpec } from '@tributary/feed-api';
import type { Logger } from '@tributary/log';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { INGEST_WORKER_DEFAULTS } from './config.ts';
import type { FeedRef } from './config.ts';
import { openHostSlots } from './host-slots.ts';
import { runIngest } from './run.ts';
import { bindTopology } from './topology.ts';

export interface IngestWorkerOptions {
  nc: NatsConnection;
  natsPrefix: string;
  fetcher: Fetcher;
  logger: Logger;
  signal: AbortSignal;
  registry?: Registry;
  onReady?: () => void;
  concurrency?: number;
  perHost?: number;
  ackWaitMs?: number;
  claimedDelayMs?: number;
  adaptiveSchedule?: boolean;
  /** Test hooks (see IngestDeps). */
  leaseMarginMs?: number;
  storage?: 'file' | 'memory';
}

export interface IngestWorkerStats {
  processed: number;
  nakked: number;
}

/** Creates (or updates) the one durable every replica shares. */
async function ensureConsumer(nc: NatsConnection, prefix: string, ackWaitMs: number): Promise<void> {
  const { stream, consumer } = topologyNames(prefix).fetchQueue;
  const jsm = await jetstreamManager(nc);
  const config = {
    durable_name: consumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ackWaitMs),
    // Host-busy and claimed naks are normal; the stream's max age bounds how long an item lives.
    max_deliver: -1,
    max_ack_pending: 10_000,
  };
  try {
    await jsm.consumers.add(stream, config);
  } catch {
    await jsm.consumers.update(stream, consumer, { ack_wait: config.ack_wait });
  }
}

function workerMetrics(registry: Registry | undefined, pending: () => Promise<number>) {
  const registers = registry ? [registry] : [];
  return {
    fetches: new Counter({
      name: 'tributary_ingest_fetches_total',
      help: 'Due fetches the ingest worker handled, by outcome (updated, not-modified, skipped, ...)',
      labelNames: ['outcome'],
      registers,
    }),
    pending: new Gauge({
      name: 'tributary_ingest_work_pending',
      help: 'Due fetches waiting on the FETCHES work queue (not yet delivered): the scaling signal',
      registers,
      async collect() {
        this.set(await pending().catch(() => 0));
      },
    }),
  };
}

export async function runIngestWorker(o: IngestWorkerOptions): Promise<IngestWorkerStats> {
  const d = INGEST_WORKER_DEFAULTS;
  const concurrency = o.concurrency ?? d.concurrency;
  const ackWaitMs = o.ackWaitMs ?? d.ackWaitMs;
  const names = topologyNames(o.natsPrefix).fetchQueue;
  const kv = await bindTopology(o.nc, o.natsPrefix);
  const slots = await openHostSlots(o.nc, o.natsPrefix, o.perHost ?? d.perHost, {
    ...(o.storage ? { storage: o.storage } : {}),
  });
  await ensureConsumer(o.nc, o.natsPrefix, ackWaitMs);
  const js = jetstream(o.nc);
  const jsm = await jetstreamManager(o.nc);
  const subjects = subjectsFor(o.natsPrefix);
  const metrics = workerMetrics(o.registry, async () => {
    const info = await jsm.consumers.info(names.stream, names.consumer);
    return info.num_pending;
  });
  const stats: IngestWorkerStats = { processed: 0, nakked: 0 };
  const owner = randomUUID();

  const handle = async (m: JsMsg): Promise<void> => {
    let item: FeedFetchDueData;
    try {
      item = decodeEventOf('feed.fetch-due', m.data).data;
    } catch (err) {
      o.logger.error('dropping an invalid work item', { error: (err as Error).message });
      m.term();
      return;
    }
    const feed: FeedRef = { ...item.feed, spec: item.feed.spec as unknown as FeedSpec };
    const host = new URL(feed.spec.url).host;
    const release = await slots.tryAcquire(host, owner);
    if (!release) {
      stats.nakked++;
      m.nak(d.hostBusyDelayMs);
      return;
    }
    // Long fetches keep the item ours; a dead replica stops this and the item is redelivered.
    const working = setInterval(() => m.working(), ackWaitMs / 3);
    try {
      const report = await runIngest({
        feed,
        headers: {},
        fetcher: o.fetcher,
        js,
        kv,
        subjects,
        log: o.logger.child({ feed: `${feed.namespace}/${feed.name}`, feedUid: feed.uid }),
        force: item.force,
        ...(o.adaptiveSchedule !== undefined ? { adaptiveSchedule: o.adaptiveSchedule } : {}),
        ...(o.leaseMarginMs !== undefined ? { leaseMarginMs: o.leaseMarginMs } : {}),
      });
      metrics.fetches.inc({ outcome: report.outcome });
      if (report.skipReason === 'concurrent-run') {
        // Another run holds the claim (or held it and died): come back once it is over.
        stats.nakked++;
        m.nak(o.claimedDelayMs ?? d.claimedDelayMs);
        return;
      }
      stats.processed++;
      m.ack();
    } catch (err) {
      // Our own infrastructure failed (NATS, KV): the item comes back.
      o.logger.warn('work item failed; redelivering', { error: (err as Error).message });
      stats.nakked++;
      m.nak(d.hostBusyDelayMs);
    } finally {
      clearInterval(working);
      await release();
    }
  };

  const consumer = await js.consumers.get(names.stream, names.consumer);
  const messages = await consumer.consume({ max_messages: concurrency });
  const stop = () => void messages.stop();
  if (o.signal.aborted) stop();
  else o.signal.addEventListener('abort', stop, { once: true });
  o.onReady?.();
  const inFlight = new Set<Promise<void>>();
  for await (const m of messages) {
    if (o.signal.aborted) {
      m.nak();
      continue;
    }
    const p = handle(m).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  o.signal.removeEventListener('abort', stop);
  return stats;
}
