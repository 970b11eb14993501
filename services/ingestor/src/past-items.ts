/**
 * The items a Feed published so far, read back from the ITEMS stream (the source the projections
 * are rebuilt from): the latest version of each item key, oldest first. An ordered consumer leaves
 * no state on the server.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeEventOf, subjects, topologyNames } from '@tributary/events';
import type { NormalizedItem } from '@tributary/feeds';

export async function readPastItems(
  nc: NatsConnection,
  prefix: string,
  feedUid: string,
): Promise<NormalizedItem[]> {
  const jsm = await jetstreamManager(nc);
  const stream = topologyNames(prefix).streams.ITEMS;
  const subject = subjects(prefix).itemUpserted(feedUid);
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  const total = info.state.subjects?.[subject] ?? 0;
  const latest = new Map<string, NormalizedItem>();
  if (total === 0) return [];
  const consumer = await jsm.jetstream().consumers.get(stream, { filter_subjects: [subject] });
  try {
    for (let seen = 0; seen < total;) {
      // Ask for no more than is stored: a fetch short of max_messages waits for its expiry.
      const batch = await consumer.fetch({ max_messages: Math.min(500, total - seen), expires: 2_000 });
      let got = 0;
      for await (const m of batch) {
        got++;
        const { item } = decodeEventOf('item.upserted', m.data).data;
        latest.delete(item.key);
        latest.set(item.key, item);
      }
      if (got === 0) break;
      seen += got;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return [...latest.values()];
}
