import { extractEntities } from './extract.ts';
import type { ExtractedEntity } from './extract.ts';
import { itemText } from './text.ts';

/** The part of an `item.upserted` payload the enricher reads. */
export interface EnrichInput {
  feed: { uid: string; enrichEntities: boolean };
  item: { key: string; title: string; summary: string; content: string; contentHash: string };
}

/** The `item.enriched` payload (contract in the events schemas). */
export interface EnrichedData {
  feedUid: string;
  itemKey: string;
  entities: ExtractedEntity[];
}

/**
 * Maps one upserted item to its enriched event. A feed with `spec.enrich.entities: false` still
 * gets an event, with no entities: the graph then converges (an item whose feed turned enrichment
 * off loses its MENTIONS) instead of keeping stale edges forever.
 * Text = title + summary; items without a summary fall back to their content.
 */
export function enrichItem(input: EnrichInput): EnrichedData {
  const { feed, item } = input;
  const entities = feed.enrichEntities
    ? extractEntities(itemText(item.title, item.summary !== '' ? item.summary : item.content))
    : [];
  return { feedUid: feed.uid, itemKey: item.key, entities };
}

/** `Nats-Msg-Id` of the enriched event: one per item version, so re-enrichment is deduplicated. */
export function enrichedMsgId(feedUid: string, itemKey: string, contentHash: string): string {
  return `${feedUid}:${itemKey}:${contentHash}`;
}
