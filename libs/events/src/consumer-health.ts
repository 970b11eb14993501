/**
 * What the server knows about the workers' durable consumers: lag, and whether a worker is attached.
 * Read by the API (/ready `workers`, `tributary_jetstream_consumer_*` metrics) and `tributary stats`,
 * so a dead worker shows even though it can no longer report anything itself.
 */
import type { ConsumerInfo, JetStreamManager } from '@nats-io/jetstream';
import { topologyNames } from './topology.ts';
import type { StreamKey } from './topology.ts';

/** The durable consumer names of the worker roles (stable: renaming one restarts it from zero). */
export const DURABLES = {
  store: 'store-writer',
  graphItems: 'graph-writer-items',
  graphEnriched: 'graph-writer-enriched',
  graphFeeds: 'graph-writer-feeds',
  enricher: 'enricher',
} as const;

export type WorkerRole = 'store' | 'graph' | 'enrich';
export const WORKER_ROLES: readonly WorkerRole[] = ['store', 'graph', 'enrich'];

/** Every durable consumer a deployed role runs. */
export const WORKER_CONSUMERS: ReadonlyArray<{ role: WorkerRole; stream: StreamKey; durable: string }> = [
  { role: 'store', stream: 'ITEMS', durable: DURABLES.store },
  { role: 'store', stream: 'FEEDS', durable: DURABLES.store },
  { role: 'graph', stream: 'ITEMS', durable: DURABLES.graphItems },
  { role: 'graph', stream: 'ENRICHED', durable: DURABLES.graphEnriched },
  { role: 'graph', stream: 'FEEDS', durable: DURABLES.graphFeeds },
  { role: 'enrich', stream: 'ITEMS', durable: DURABLES.enricher },
];

/**
 * A worker that delivered or acked within this long counts as attached even with no pull request
 * waiting (a busy worker with a full buffer has none). An idle live worker always has one waiting
 * (pull requests expire after 30 s and are renewed).
 */
export const ATTACH_WINDOW_MS = 30_000;

export interface ConsumerHealth {
  role: WorkerRole;
  /** The stream's role (ITEMS, ENRICHED, FEEDS) and its server name. */
  stream: StreamKey;
  streamName: string;
  consumer: string;
  /**
   * ok: a worker is attached; unattached: the consumer exists but no worker pulls from it (dead or
   * paused for a store outage); missing: the consumer was never created (the role never ran).
   */
  status: 'ok' | 'unattached' | 'missing';
  attached: boolean;
  /** Messages not yet delivered (num_pending). */
  pending: number;
  /** Delivered, not yet acknowledged (num_ack_pending). */
  ackPending: number;
  /** pending + ackPending: messages this consumer has not finished. */
  lag: number;
  redelivered: number;
  /** Pull requests waiting on the server. */
  waiting: number;
  /** Last delivery or ack (ISO), null if never. */
  lastActive: string | null;
}

export interface WorkersHealth {
  /** ok: every expected consumer has a worker attached; degraded: some do not; unknown: NATS unreachable. */
  status: 'ok' | 'degraded' | 'unknown';
  consumers: ConsumerHealth[];
  error?: string;
}

function activeAt(v: unknown): number {
  if (typeof v === 'string') return Date.parse(v) || 0;
  if (typeof v === 'number') return v > 1e15 ? Math.floor(v / 1e6) : v; // nanos or millis
  return 0;
}

/** Pure: one consumer's health from its info (undefined = not found). */
export function consumerHealthOf(
  c: { role: WorkerRole; stream: StreamKey; durable: string },
  streamName: string,
  ci: ConsumerInfo | undefined,
  now = Date.now(),
): ConsumerHealth {
  const base = { role: c.role, stream: c.stream, streamName, consumer: c.durable };
  if (!ci) {
    return {
      ...base,
      status: 'missing',
      attached: false,
      pending: 0,
      ackPending: 0,
      lag: 0,
      redelivered: 0,
      waiting: 0,
      lastActive: null,
    };
  }
  const last = Math.max(activeAt(ci.delivered?.last_active), activeAt(ci.ack_floor?.last_active));
  const attached = ci.push_bound || ci.num_waiting > 0 || (last > 0 && now - last < ATTACH_WINDOW_MS);
  return {
    ...base,
    status: attached ? 'ok' : 'unattached',
    attached,
    pending: ci.num_pending,
    ackPending: ci.num_ack_pending,
    lag: ci.num_pending + ci.num_ack_pending,
    redelivered: ci.num_redelivered,
    waiting: ci.num_waiting,
    lastActive: last > 0 ? new Date(last).toISOString() : null,
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; api_error?: { err_code?: number } };
  return (
    e?.api_error?.err_code === 10014 || // consumer not found
    e?.api_error?.err_code === 10059 || // stream not found
    (typeof e?.message === 'string' && /not found/i.test(e.message))
  );
}

/** The health of every consumer of `roles` (default: all roles). */
export async function workersHealth(
  jsm: JetStreamManager,
  prefix: string,
  roles: readonly WorkerRole[] = WORKER_ROLES,
): Promise<WorkersHealth> {
  const names = topologyNames(prefix).streams;
  const consumers = await Promise.all(
    WORKER_CONSUMERS.filter((c) => roles.includes(c.role)).map(async (c) => {
      const ci = await jsm.consumers.info(names[c.stream], c.durable).catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      return consumerHealthOf(c, names[c.stream], ci);
    }),
  );
  return { status: consumers.every((c) => c.status === 'ok') ? 'ok' : 'degraded', consumers };
}
