import {
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
} from '@nats-io/jetstream';
import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/nats-core';
import { prefixedName, subjects } from './subjects.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Topology defaults, each with its reason. */
export const TOPOLOGY_DEFAULTS = {
  /**
   * Items are the source of truth the projections are rebuilt from (`tributary replay`), so keep
   * them long; limits retention (not workqueue) because store, graph and enrich each consume them.
   */
  itemsMaxAgeMs: 90 * DAY_MS,
  /** Enrichment can be recomputed from ITEMS; a month covers any graph rebuild window. */
  enrichedMaxAgeMs: 30 * DAY_MS,
  /** Fetch outcomes feed Feed status and fetch-run history; older runs are only statistics. */
  feedsMaxAgeMs: 30 * DAY_MS,
  /**
   * Due fetches (pooled ingestion) are worth doing only while they are roughly on time: one the
   * workers could not take within an hour is dropped, and the scheduler publishes the next one.
   * Also its duplicate window: a due fetch republished within it (same feed and due time) is dropped.
   */
  fetchesMaxAgeMs: HOUR_MS,
  /** Dead letters wait for a human; a month is enough to notice and replay them. */
  dlqMaxAgeMs: 30 * DAY_MS,
  /**
   * Window in which `Nats-Msg-Id` (feed:key:contentHash) drops re-published unchanged items. A day
   * covers every poll interval in the allowed schedule range (5 min – 24 h); the server keeps the
   * ids in memory, ~100 B each, so even 1M items/day stays around 100 MB.
   */
  duplicateWindowMs: DAY_MS,
  /** Single-node dev/test stack; production clusters set 3 (odd, for RAFT quorum). */
  replicas: 1,
  /** File storage: streams must survive a NATS restart (tested fault). */
  storage: 'file' as 'file' | 'memory',
} as const;

export type TopologyOptions = Partial<{
  -readonly [K in keyof typeof TOPOLOGY_DEFAULTS]: (typeof TOPOLOGY_DEFAULTS)[K] extends number
    ? number
    : 'file' | 'memory';
}>;

export const STREAMS = ['ITEMS', 'ENRICHED', 'FEEDS', 'DLQ'] as const;
export type StreamKey = (typeof STREAMS)[number];

export interface TopologyNames {
  streams: Record<StreamKey, string>;
  /** The work-queue stream of due fetches (pooled ingestion) and its one shared consumer. */
  fetchQueue: { stream: string; consumer: string };
}

export function topologyNames(prefix = ''): TopologyNames {
  return {
    streams: {
      ITEMS: prefixedName(prefix, 'ITEMS'),
      ENRICHED: prefixedName(prefix, 'ENRICHED'),
      FEEDS: prefixedName(prefix, 'FEEDS'),
      DLQ: prefixedName(prefix, 'DLQ'),
    },
    fetchQueue: { stream: prefixedName(prefix, 'FETCHES'), consumer: 'ingest-worker' },
  };
}

/** The subject the server publishes a max-deliveries advisory on, for one stream (any consumer). */
export function maxDeliveriesAdvisorySubject(stream: string, consumer = '*'): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${consumer}`;
}

export type DesiredStream = Partial<StreamConfig> & { name: string };

/** Pure: the desired stream configs for a prefix and options. */
export function desiredStreams(prefix = '', options: TopologyOptions = {}): Record<StreamKey, DesiredStream> {
  const o = { ...TOPOLOGY_DEFAULTS, ...options };
  const names = topologyNames(prefix).streams;
  const s = subjects(prefix).all;
  const storage = o.storage === 'memory' ? StorageType.Memory : StorageType.File;
  const base = (name: string, subjectsList: string[], maxAgeMs: number): DesiredStream => ({
    name,
    subjects: subjectsList,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage,
    num_replicas: o.replicas,
    max_age: nanos(maxAgeMs),
    duplicate_window: nanos(Math.min(o.duplicateWindowMs, maxAgeMs)),
  });
  return {
    ITEMS: base(names.ITEMS, [s.itemsUpserted], o.itemsMaxAgeMs),
    ENRICHED: base(names.ENRICHED, [s.itemsEnriched], o.enrichedMaxAgeMs),
    FEEDS: base(names.FEEDS, [s.feeds], o.feedsMaxAgeMs),
    // The DLQ also captures the server's max-deliveries advisories, so a message whose consumer died
    // on every delivery (no runner left to republish it) is still on record.
    DLQ: base(
      names.DLQ,
      [
        s.dlq,
        ...(['ITEMS', 'ENRICHED', 'FEEDS'] as const).map((k) => maxDeliveriesAdvisorySubject(names[k], '*')),
      ],
      o.dlqMaxAgeMs,
    ),
  };
}

/**
 * The FETCHES work queue: each due fetch is stored until one ingest worker acks it, then deleted
 * (retention workqueue), so the stream's size is the backlog.
 */
export function desiredFetchQueue(prefix = '', options: TopologyOptions = {}): DesiredStream {
  const o = { ...TOPOLOGY_DEFAULTS, ...options };
  return {
    name: topologyNames(prefix).fetchQueue.stream,
    subjects: [subjects(prefix).all.fetchesDue],
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.Old,
    storage: o.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: o.replicas,
    max_age: nanos(o.fetchesMaxAgeMs),
    duplicate_window: nanos(o.fetchesMaxAgeMs),
  };
}

export type EnsureResult = 'created' | 'updated' | 'unchanged';

export interface Topology {
  names: TopologyNames;
  streams: Record<StreamKey, EnsureResult>;
}

/** The fields we own; anything else the server filled in (defaults) is left alone when comparing. */
function differs(current: StreamConfig, desired: Partial<StreamConfig>): boolean {
  return (Object.keys(desired) as (keyof StreamConfig)[]).some(
    (k) => JSON.stringify(current[k]) !== JSON.stringify(desired[k]),
  );
}

async function ensureStream(jsm: JetStreamManager, desired: DesiredStream): Promise<EnsureResult> {
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(desired.name);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      try {
        await jsm.streams.add(desired);
        return 'created';
      } catch (addErr) {
        // Another replica created it between our info and add: fall through to compare/update.
        info = await jsm.streams.info(desired.name).catch(() => {
          throw addErr;
        });
      }
    } else {
      throw err;
    }
  }
  if (!differs(info.config, desired)) return 'unchanged';
  await jsm.streams.update(desired.name, { ...info.config, ...desired });
  return 'updated';
}

/**
 * Creates or updates the streams ITEMS, ENRICHED, FEEDS, DLQ and the FETCHES work queue with the
 * deployment's options (`natsConfigFromEnv().topology`, from TRIBUTARY_JETSTREAM_CONFIG).
 * Idempotent and safe to run concurrently from several processes; changing an immutable property
 * (storage, retention) is reported by the server as an error rather than silently ignored.
 */
export async function ensureTopology(
  nc: NatsConnection,
  opts: { prefix?: string } & TopologyOptions = {},
): Promise<Topology> {
  const { prefix = '', ...options } = opts;
  const jsm = await jetstreamManager(nc);
  const desired = desiredStreams(prefix, options);
  const streams = {} as Record<StreamKey, EnsureResult>;
  for (const key of STREAMS) streams[key] = await ensureStream(jsm, desired[key]);
  await ensureStream(jsm, desiredFetchQueue(prefix, options));
  return { names: topologyNames(prefix), streams };
}
