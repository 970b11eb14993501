/** What `tributary stats --json` prints: the first thing an operator looks at. */
export interface ConsumerStats {
  /** Messages not yet delivered to this consumer (lag). */
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

export interface Stats {
  postgres: { feeds: number; items: number; authors: number; categories: number; fetchRuns: number };
  neo4j: {
    feeds: number;
    items: number;
    entities: number;
    authors: number;
    tags: number;
    mentions: number;
    linksTo: number;
  };
  /** Keyed by the stream's role (ITEMS, ENRICHED, FEEDS, DLQ). */
  streams: Record<string, StreamStats>;
  /** Messages in the DLQ stream: poison messages waiting for a human. */
  deadLettered: number;
  /** Sources that could not be read, with the reason; their section holds zeros. */
  errors: Record<string, string>;
}

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Human-readable summary of `Stats` (pure). */
export function formatStats(s: Stats): string {
  const out: string[] = [];
  out.push(
    pad([
      ['', 'feeds', 'items', 'entities', 'authors', 'tags/categories'],
      [
        'postgres',
        `${s.postgres.feeds}`,
        `${s.postgres.items}`,
        '-',
        `${s.postgres.authors}`,
        `${s.postgres.categories}`,
      ],
      [
        'neo4j',
        `${s.neo4j.feeds}`,
        `${s.neo4j.items}`,
        `${s.neo4j.entities}`,
        `${s.neo4j.authors}`,
        `${s.neo4j.tags}`,
      ],
    ]),
  );
  out.push('');
  const rows = [['stream', 'messages', 'consumer', 'pending', 'ack pending', 'redelivered']];
  for (const [name, st] of Object.entries(s.streams)) {
    const consumers = Object.entries(st.consumers);
    if (consumers.length === 0) rows.push([name, `${st.messages}`, '-', '', '', '']);
    consumers.forEach(([c, cs], i) =>
      rows.push([
        i === 0 ? name : '',
        i === 0 ? `${st.messages}` : '',
        c,
        `${cs.pending}`,
        `${cs.ackPending}`,
        `${cs.redelivered}`,
      ]),
    );
  }
  out.push(pad(rows));
  out.push('', `dead-lettered: ${s.deadLettered}`);
  for (const [source, reason] of Object.entries(s.errors)) out.push(`unavailable: ${source}: ${reason}`);
  return out.join('\n');
}
