import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, natsConfigFromEnv, STREAMS, topologyNames, workersHealth } from '@tributary/events';
import { createOrm, databaseUrlFromEnv } from '@tributary/db';
import { countGraph, createGraphDriver, graphConfigFromEnv } from '@tributary/graph';
import type { Neo4jCounts, PostgresCounts, Stats, StreamStats } from './model.ts';

/** A source that has not answered within this long is unavailable (the Neo4j driver alone retries for 30 s). */
export const SOURCE_TIMEOUT_MS = 5_000;

async function postgresCounts(env: NodeJS.ProcessEnv): Promise<PostgresCounts> {
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

async function neo4jCounts(env: NodeJS.ProcessEnv): Promise<Neo4jCounts> {
  const config = graphConfigFromEnv(env);
  const driver = createGraphDriver(config);
  try {
    // Fail fast when Neo4j is down: executeQuery would retry for its whole retry window.
    await driver.getServerInfo({ database: config.database });
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

async function natsState(
  env: NodeJS.ProcessEnv,
): Promise<Pick<Stats, 'streams' | 'workers' | 'deadLettered'>> {
  const config = natsConfigFromEnv(env);
  const nc = await connectNats(config, { name: 'tributary-stats', timeoutMs: SOURCE_TIMEOUT_MS });
  try {
    const jsm = await jetstreamManager(nc);
    const names = topologyNames(config.prefix).streams;
    const streams: Record<string, StreamStats> = {};
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
      streams[role] = st;
    }
    return {
      streams,
      workers: await workersHealth(jsm, config.prefix),
      deadLettered: streams.DLQ?.messages ?? 0,
    };
  } finally {
    await nc.close();
  }
}

/**
 * Reads every source independently and in parallel, each within SOURCE_TIMEOUT_MS: an unreachable
 * one is reported in `errors` with its section `null` rather than hiding the others (stats is what
 * you run when something is wrong).
 */
export async function collectStats(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = SOURCE_TIMEOUT_MS,
): Promise<Stats> {
  const errors: Record<string, string> = {};
  const guard = async <T>(source: string, fn: () => Promise<T>): Promise<T | null> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      errors[source] = (err as Error).message.split('\n')[0]!;
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
  const [postgres, neo4j, nats] = await Promise.all([
    guard('postgres', () => postgresCounts(env)),
    guard('neo4j', () => neo4jCounts(env)),
    guard('nats', () => natsState(env)),
  ]);
  return {
    postgres,
    neo4j,
    streams: nats?.streams ?? null,
    workers: nats?.workers ?? null,
    deadLettered: nats?.deadLettered ?? null,
    errors,
  };
}
