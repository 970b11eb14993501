import type { BatchHandler, ConsumedEvent } from '@tributary/events';
import { feedRow, itemRow, mentionRow } from '@tributary/graph';
import type { GraphWriter } from '@tributary/graph';

/**
 * The three batch handlers of the graph worker. Each commits one transaction per batch and resolves
 * only after it committed, so the runner's ack-after-handler is ack-after-commit. Events of other
 * types on the same stream are skipped (acked): they are not this projection's business.
 */
export function graphHandlers(writer: GraphWriter): {
  items: BatchHandler;
  enriched: BatchHandler;
  feeds: BatchHandler;
} {
  return {
    async items(batch: ConsumedEvent[]) {
      const feeds = [];
      const rows = [];
      for (const { event } of batch) {
        if (event.type !== 'item.upserted') continue;
        feeds.push(feedRow(event.data));
        rows.push(itemRow(event.data, event.occurredAt));
      }
      await writer.upsertItems(feeds, rows);
    },
    async enriched(batch: ConsumedEvent[]) {
      const rows = [];
      for (const { event } of batch) {
        if (event.type === 'item.enriched') rows.push(mentionRow(event.data, event.occurredAt));
      }
      await writer.setMentions(rows);
    },
    async feeds(batch: ConsumedEvent[]) {
      // Deletions are rare and each is its own chunked purge; order within the batch is kept.
      for (const { event } of batch) {
        if (event.type === 'feed.deleted') await writer.purgeFeed(event.data.feed.uid, event.occurredAt);
      }
    },
  };
}
