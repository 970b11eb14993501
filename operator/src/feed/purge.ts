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

/**
 * The purge consumers that have not acked the event at stream sequence `seq` yet. A durable that
 * does not exist is a projection that was never deployed (a worker creates its durable at start
 * and it outlives the worker, so a stopped worker still counts): it holds nothing to purge, and
 * one created later replays the stream from the start, feed.deleted included.
 */
export function pendingPurges(seq: number, consumers: readonly PurgeConsumerState[]): string[] {
  return consumers.filter((c) => c.ackFloor !== undefined && c.ackFloor < seq).map((c) => c.name);
}

/** How long to wait before looking again: soon at first, then every 30 s (a store may be down). */
export function purgeRecheckMs(sinceDeletionMs: number): number {
  if (sinceDeletionMs < 10_000) return 1000;
  if (sinceDeletionMs < 120_000) return 5000;
  return 30_000;
}
