import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Registry } from 'prom-client';
import { Counter, Histogram } from 'prom-client';
import {
  createEvent,
  DURABLES,
  ensureTopology,
  publishEvent,
  runConsumer,
  subjects,
} from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';
import type { BatchHandler, BatchResult, ConsumerRunStats } from '@tributary/events';
import type { Logger } from '@tributary/log';
import { enrichedMsgId, enrichItem } from './enrich.ts';

/** Durable consumer name on ITEMS (stable: renaming it re-enriches the whole stream). */
export const ENRICH_DURABLE = DURABLES.enricher;

export interface EnrichWorkerOptions {
  nc: NatsConnection;
  natsPrefix: string;
  /** The deployment's stream settings (TRIBUTARY_JETSTREAM_CONFIG); defaults when unset. */
  topology?: TopologyOptions;
  batchSize: number;
  signal: AbortSignal;
  registry?: Registry;
  logger: Logger;
  onReady?: () => void;
}

type EnrichMetrics = ReturnType<typeof createEnrichMetrics>;
const metricsByRegistry = new WeakMap<Registry, EnrichMetrics>();

/** One set per registry: prom-client refuses a second metric of the same name. */
function enrichMetrics(registry?: Registry): EnrichMetrics {
  if (!registry) return createEnrichMetrics([]);
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const created = createEnrichMetrics([registry]);
  metricsByRegistry.set(registry, created);
  return created;
}

function createEnrichMetrics(registers: Registry[]) {
  return {
    items: new Counter({
      name: 'tributary_enricher_items_total',
      help: 'Items enriched, by whether entity extraction ran (enabled) or the feed turned it off.',
      labelNames: ['extraction'],
      registers,
    }),
    entities: new Counter({
      name: 'tributary_enricher_entities_total',
      help: 'Entities extracted.',
      registers,
    }),
    seconds: new Histogram({
      name: 'tributary_enricher_extract_seconds',
      help: 'NLP time per item.',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
      registers,
    }),
  };
}

/**
 * Builds the batch handler: extract entities for each item.upserted, publish item.enriched with
 * msgId `<feedUid>:<itemKey>:<contentHash>` (a redelivered item is deduplicated by the stream), and
 * resolve once every publish is acknowledged — only then are the ITEMS messages acked.
 */
export function enrichHandler(nc: NatsConnection, natsPrefix: string, registry?: Registry): BatchHandler {
  const js = jetstream(nc);
  const subj = subjects(natsPrefix);
  const m = enrichMetrics(registry);
  return async (batch) => {
    const rejected: NonNullable<BatchResult['rejected']> = [];
    const publishes: Promise<unknown>[] = [];
    batch.forEach(({ event, traceparent }, index) => {
      if (event.type !== 'item.upserted') return;
      let data;
      try {
        const stop = m.seconds.startTimer();
        data = enrichItem(event.data);
        stop();
      } catch (error) {
        rejected.push({ index, error });
        return;
      }
      m.items.inc({ extraction: event.data.feed.enrichEntities ? 'enabled' : 'disabled' });
      m.entities.inc(data.entities.length);
      publishes.push(
        publishEvent(js, subj.itemEnriched(data.feedUid), createEvent('item.enriched', data), {
          msgId: enrichedMsgId(data.feedUid, data.itemKey, event.data.item.contentHash),
          traceparent,
        }),
      );
    });
    await Promise.all(publishes);
    return rejected.length > 0 ? { rejected } : undefined;
  };
}

/** Consumes ITEMS and publishes ENRICHED until `signal` aborts. */
export async function runEnrichWorker(o: EnrichWorkerOptions): Promise<ConsumerRunStats> {
  await ensureTopology(o.nc, { prefix: o.natsPrefix, ...o.topology });
  const run = runConsumer({
    nc: o.nc,
    prefix: o.natsPrefix,
    stream: 'ITEMS',
    durable: ENRICH_DURABLE,
    handler: enrichHandler(o.nc, o.natsPrefix, o.registry),
    batchSize: o.batchSize,
    // NLP is synchronous CPU work, so more batches in flight add nothing; two let one batch's
    // publishes wait for their acks while the next batch is being extracted.
    concurrency: 2,
    signal: o.signal,
    logger: o.logger,
    ...(o.registry ? { registry: o.registry } : {}),
  });
  o.onReady?.();
  return run;
}
