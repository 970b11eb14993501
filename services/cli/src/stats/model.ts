/** What `tributary stats --json` prints: the first thing an operator looks at. */
import type { WorkersHealth } from '@tributary/events';
import { table } from '../table.ts';

export interface ConsumerStats {
  /** Messages not yet delivered to this consumer. */
  pending: number;
  /** Delivered but not yet acknowledged. */
  ackPending: number;
  /** Messages delivered more than once. */
  redelivered: number;
}

export interface StreamStats {
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumers: Record<string, ConsumerStats>;
}

export interface PostgresCounts {
  feeds: number;
  items: number;
  authors: number;
  categories: number;
  fetchRuns: number;
}

export interface Neo4jCounts {
  feeds: number;
  items: number;
  entities: number;
  authors: number;
  tags: number;
  mentions: number;
  linksTo: number;
}

/**
 * A section is `null` when its source could not be read (the reason is in `errors`): an unreachable
 * store is "unavailable", never zeros, which would read as data loss.
 */
export interface Stats {
  postgres: PostgresCounts | null;
  neo4j: Neo4jCounts | null;
  /** Keyed by the stream's role (ITEMS, ENRICHED, FEEDS, DLQ); null when NATS is unreachable. */
  streams: Record<string, StreamStats> | null;
  /** The workers' consumers: attached or not, lag (pending + ack pending); null without NATS. */
  workers: WorkersHealth | null;
  /** Messages in the DLQ stream (`tributary dlq list` breaks them down); null without NATS. */
  deadLettered: number | null;
  /** Sources that could not be read (postgres, neo4j, nats), with the reason. */
  errors: Record<string, string>;
}

const n = (v: number | undefined) => (v === undefined ? '-' : `${v}`);

/** Human-readable summary of `Stats` (pure). */
export function formatStats(s: Stats): string {
  const out: string[] = [];
  const store = (name: 'postgres' | 'neo4j', cells: Array<number | undefined> | null) =>
    cells ? [name, ...cells.map(n)] : [name, `unavailable: ${s.errors[name] ?? 'unknown'}`];
  out.push(
    table([
      ['', 'feeds', 'items', 'entities', 'authors', 'tags/categories'],
      store(
        'postgres',
        s.postgres && [
          s.postgres.feeds,
          s.postgres.items,
          undefined,
          s.postgres.authors,
          s.postgres.categories,
        ],
      ),
      store(
        'neo4j',
        s.neo4j && [s.neo4j.feeds, s.neo4j.items, s.neo4j.entities, s.neo4j.authors, s.neo4j.tags],
      ),
    ]),
  );
  out.push('');
  if (!s.streams || !s.workers) {
    out.push(`streams, consumers and DLQ: unavailable: nats: ${s.errors.nats ?? 'unknown'}`);
    return out.join('\n');
  }
  const health = new Map(s.workers.consumers.map((c) => [`${c.stream}/${c.consumer}`, c]));
  const rows = [['stream', 'messages', 'consumer', 'pending', 'ack pending', 'redelivered', 'worker']];
  for (const [name, st] of Object.entries(s.streams)) {
    const consumers = Object.entries(st.consumers);
    if (consumers.length === 0) rows.push([name, `${st.messages}`, '-', '', '', '', '']);
    consumers.forEach(([c, cs], i) => {
      const h = health.get(`${name}/${c}`);
      rows.push([
        i === 0 ? name : '',
        i === 0 ? `${st.messages}` : '',
        c,
        `${cs.pending}`,
        `${cs.ackPending}`,
        `${cs.redelivered}`,
        h ? (h.attached ? 'attached' : 'NO CONSUMER ATTACHED') : '',
      ]);
    });
  }
  for (const c of s.workers.consumers)
    if (c.status === 'missing') rows.push([c.stream, '', c.consumer, '', '', '', 'missing (never started)']);
  out.push(table(rows));
  out.push('', `workers: ${s.workers.status}`, `dead-lettered: ${s.deadLettered ?? '-'}`);
  return out.join('\n');
}
