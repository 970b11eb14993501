/**
 * Feed status feedback: a durable consumer on the FEEDS stream's feed.fetched events. Each batch
 * is grouped by feed and folded into one status write per feed (bursts coalesce), applied with its
 * own field manager so it never fights the reconciler over fields; messages are acked only after
 * the writes. Failures raise a Warning FetchFailed event (aggregated by the recorder).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { BatchHandler, FeedFetchedData } from '@tributary/events';
import { runConsumer, subjects } from '@tributary/events';
import type { Logger } from '@tributary/log';
import type { Registry } from 'prom-client';
import { feedFailuresGauge, pruneFailures } from './failures-metric.ts';
import { writeFetchStatus } from './fetch-status.ts';
import type { FetchStatusDeps } from './fetch-status.ts';

export { STATUS_FIELD_MANAGER, writeFetchStatus } from './fetch-status.ts';
export const STATUS_CONSUMER = 'operator-status';

export interface StatusWriterDeps extends FetchStatusDeps {
  log: Logger;
}

/** The batch handler: group by feed, one write per feed, errors marked transient (retry the batch). */
export function statusBatchHandler(deps: StatusWriterDeps): BatchHandler {
  return async (batch) => {
    const byFeed = new Map<string, { key: string; uid: string; events: FeedFetchedData[] }>();
    for (const m of batch) {
      if (m.event.type !== 'feed.fetched') continue;
      const d = m.event.data as FeedFetchedData;
      const key = `${d.feed.namespace}/${d.feed.name}`;
      const group = byFeed.get(`${key}/${d.feed.uid}`) ?? { key, uid: d.feed.uid, events: [] };
      group.events.push(d);
      byFeed.set(`${key}/${d.feed.uid}`, group);
    }
    await Promise.all(
      [...byFeed.values()].map(async (g) => {
        try {
          await writeFetchStatus(deps, g.key, g.uid, g.events);
        } catch (err) {
          // The apiserver being unavailable is not the message's fault: retry the whole batch.
          throw Object.assign(err instanceof Error ? err : new Error(String(err)), { transient: true });
        }
      }),
    );
    if (deps.failures) await pruneFailures(deps.failures, (key) => deps.feeds.get(key) !== undefined);
  };
}

export interface RunStatusFeedbackOptions extends StatusWriterDeps {
  nc: NatsConnection;
  prefix: string;
  signal: AbortSignal;
  registry?: Registry;
}

/** Consumes feed.fetched until `signal` aborts (the operator runs it while leading). */
export async function runStatusFeedback(o: RunStatusFeedbackOptions): Promise<void> {
  await runConsumer({
    nc: o.nc,
    prefix: o.prefix,
    stream: 'FEEDS',
    durable: STATUS_CONSUMER,
    filterSubjects: [subjects(o.prefix).all.feedsFetched],
    handler: statusBatchHandler(o.registry ? { ...o, failures: feedFailuresGauge(o.registry) } : o),
    // Coalesce: a burst of outcomes for one feed within a second becomes one status write.
    lingerMs: 1000,
    batchSize: 500,
    concurrency: 1,
    signal: o.signal,
    logger: o.log,
    ...(o.registry ? { registry: o.registry } : {}),
  });
}
