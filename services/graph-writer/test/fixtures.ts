import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { createEvent, itemMsgId, publishEvent, subjects } from '@tributary/events';
import type { ItemUpsertedData } from '@tributary/events';

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
