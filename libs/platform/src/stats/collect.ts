import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, natsConfigFromEnv, topologyNames, STREAMS } from '@tributary/events';
import { createOrm, databaseUrlFromEnv } from '@tributary/db';
import { countGraph, createGraphDriver, graphConfigFromEnv } from '@tributary/graph';
import type { Stats, StreamStats } from './model.ts';

type Section<K extends keyof Stats> = Stats[K];

async function postgresCounts(env: NodeJS.ProcessEnv): Promise<Section<'postgres'>> {
  const orm = await createOrm(databaseUrlFromEnv(env), { poolMax: 1 });
  try {
    const [row] = await orm.em.getConnection().execute<Record<string, string>[]>(
      `select (select count(*) from feeds) as feeds, (select count(*) from items) as items,
              (select count(*) from authors) as authors, (select count(*) from categories) as categories,
              (select count(*) from fetch_runs) as fetch_runs`,
    );
    const n = (k: string) => Number(row?.[k] ?? 0);
    return {
      feeds: n('feeds'),
      items: n('items'),
      authors: n('authors'),
      categories: n('categories'),
      fetchRuns: n('fetch_runs'),
    };
  } finally {
    await orm.close();
  }
}

async function neo4jCounts(env: NodeJS.ProcessEnv): Promise<Section<'neo4j'>> {
  const config = graphConfigFromEnv(env);
  const driver = createGraphDriver(config);
  try {
    const c = await countGraph(driver, config.database, config.labels);
    return {
      feeds: c.feeds,
      items: c.items,
      entities: c.entities,
      authors: c.authors,
      tags: c.tags,
      mentions: c.mentions,
      linksTo: c.linksTo,
    };
  } finally {
    await driver.close();
  }
}

async function streamStats(env: NodeJS.ProcessEnv): Promise<Section<'streams'>> {
  const config = natsConfigFromEnv(env);
  const nc = await connectNats(config, { name: 'tributary-stats', timeoutMs: 5_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const names = topologyNames(config.prefix).streams;
    const out: Section<'streams'> = {};
    for (const role of STREAMS) {
      let info;
      try {
        info = await jsm.streams.info(names[role]);
      } catch {
        continue; // not declared yet: nothing has run against this NATS
      }
      const st: StreamStats = {
        messages: info.state.messages,
        bytes: info.state.bytes,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        consumers: {},
      };
      for await (const ci of jsm.consumers.list(names[role])) {
        st.consumers[ci.name] = {
          pending: ci.num_pending,
          ackPending: ci.num_ack_pending,
          redelivered: ci.num_redelivered,
        };
      }
      out[role] = st;
    }
    return out;
  } finally {
    await nc.close();
  }
}

/**
 * Reads every source independently: one unreachable store is reported in `errors` rather than
 * hiding the others (stats is what you run when something is wrong).
 */
export async function collectStats(env: NodeJS.ProcessEnv = process.env): Promise<Stats> {
  const errors: Record<string, string> = {};
  const guard = async <T>(source: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      errors[source] = (err as Error).message;
      return fallback;
    }
  };
  const [postgres, neo4j, streams] = await Promise.all([
    guard('postgres', () => postgresCounts(env), {
      feeds: 0,
      items: 0,
      authors: 0,
      categories: 0,
      fetchRuns: 0,
    }),
    guard('neo4j', () => neo4jCounts(env), {
      feeds: 0,
      items: 0,
      entities: 0,
      authors: 0,
      tags: 0,
      mentions: 0,
      linksTo: 0,
    }),
    guard('nats', () => streamStats(env), {} as Section<'streams'>),
  ]);
  return { postgres, neo4j, streams, deadLettered: streams.DLQ?.messages ?? 0, errors };
}
