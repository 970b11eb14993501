/**
 * Binds the ingest job to the shared topology. The job runs every few minutes per feed, so it does
 * not re-declare streams on every run — it checks they exist and falls back to `ensureTopology`
 * (libs/events, the one place streams are declared) with the deployment's options on a fresh
 * installation. The fetch-state bucket is the ingestor's own (state-store.ts).
 */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { ensureTopology, topologyNames } from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';
import { openFetchStateKv } from './state-store.ts';

export async function bindTopology(
  nc: NatsConnection,
  prefix: string,
  topology: TopologyOptions = {},
): Promise<KV> {
  const names = topologyNames(prefix);
  const jsm = await jetstreamManager(nc);
  try {
    for (const stream of [names.streams.ITEMS, names.streams.FEEDS]) await jsm.streams.info(stream);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    await ensureTopology(nc, { prefix, ...topology });
  }
  return openFetchStateKv(nc, prefix, topology);
}
