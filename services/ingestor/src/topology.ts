/**
 * Binds the ingest job to the shared topology. The job runs every few minutes per feed, so it does
 * not re-declare streams with its own (default) options — that could fight a deployment's settings
 * (replicas, storage). It only checks they exist and falls back to `ensureTopology` (libs/events,
 * the one place streams are declared) on a fresh installation.
 */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { ensureTopology, topologyNames } from '@tributary/events';

export async function bindTopology(nc: NatsConnection, prefix: string): Promise<KV> {
  const names = topologyNames(prefix);
  const jsm = await jetstreamManager(nc);
  try {
    for (const stream of [names.streams.ITEMS, names.streams.FEEDS, `KV_${names.fetchStateBucket}`]) {
      await jsm.streams.info(stream);
    }
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    await ensureTopology(nc, { prefix });
  }
  return new Kvm(nc).open(names.fetchStateBucket);
}
