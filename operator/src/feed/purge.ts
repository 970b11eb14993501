/**
 * The purge of a Delete-policy Feed (pure): the operator publishes feed.deleted on the FEEDS stream,
 * and each projection's durable consumer acks it only after its purge committed (ack after
 * commit). So the purge is done when every purge consumer's ack floor has passed the event's
 * stream sequence; until then the finalizer stays and status says what is pending.
 */

/** The durables that purge a feed: store-writer (Postgres) and graph-writer-feeds (Neo4j). */
export const DEFAULT_PURGE_CONSUMERS = ['store-writer', 'graph-writer-feeds'] as const;

export interface PurgeConsumerState {
  name: string;
  /** ack_floor.stream_seq; undefined when the consumer does not exist. */
  ackFloor?: number;
}

/** What still has to purge the event at stream sequence `seq`, as readable phrases. */
export function pendingPurges(seq: number, consumers: readonly PurgeConsumerState[]): string[] {
  const pending: string[] = [];
  for (const c of consumers) {
    if (c.ackFloor === undefined)
      pending.push(`${c.name} (no such consumer on FEEDS: is its worker deployed?)`);
    else if (c.ackFloor < seq) pending.push(c.name);
  }
  return pending;
}

/** How long to wait before looking again: soon at first, then every 30 s (a store may be down). */
export function purgeRecheckMs(sinceDeletionMs: number): number {
  if (sinceDeletionMs < 10_000) return 1000;
  if (sinceDeletionMs < 120_000) return 5000;
  return 30_000;
}
