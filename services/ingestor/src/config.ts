/**
 * The ingest job's configuration, from the environment the operator gives the CronJob
 * (docs/architecture.md, "Ingest job contract"). Bad values fail loudly with the variable name.
 */
import { UsageError } from '@tributary/command';
import type { FeedSpec } from '@tributary/feed-api';

export const INGEST_DEFAULTS = {
  /** Bound on unacknowledged item publishes: keeps memory flat on huge feeds while pipelining acks. */
  maxInFlight: 256,
  /** A run's lease outlives its fetch timeout by this much (parse + publish), then others may take over. */
  leaseMarginMs: 120_000,
} as const;

export const INGEST_WORKER_DEFAULTS = {
  /** Fetches in flight per replica: I/O bound, 16 like Miniflux's default worker pool. */
  concurrency: 16,
  /** Simultaneous requests to one host across all replicas (FETCH_DEFAULTS.perHostConcurrency per process before). */
  perHost: 2,
  /** A delivered item not acked (or marked working) within this is redelivered: a dead replica's items come back. */
  ackWaitMs: 30_000,
  /** A busy host's item comes back after this. */
  hostBusyDelayMs: 1_000,
  /** An item whose feed another run holds the claim on comes back after this. */
  claimedDelayMs: 5_000,
  metricsPort: 9464,
} as const;

export interface FeedRef {
  uid: string;
  namespace: string;
  name: string;
  generation: number;
  spec: FeedSpec;
}

export interface IngestConfig {
  feed: FeedRef;
  /** Extra request headers from the Feed's Secret (`spec.fetch.headersSecretRef`). */
  headers: Record<string, string>;
  allowPrivateNetworks: boolean;
  /**
   * `TRIBUTARY_ADAPTIVE_SCHEDULE` (default true): space fetches by entry frequency and server hints
   * within [5 min, 24 h] even when the cron fires more often. false: every cron tick fetches
   * (failure backoff and Retry-After still apply) — for demos and tests that edit feeds live.
   */
  adaptiveSchedule: boolean;
  /** A traceparent handed down by whoever started the job (e.g. `feed run`), if any. */
  traceparent: string | null;
}

function fail(message: string): never {
  throw new UsageError(message);
}

function parseJson(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    return fail(`${name} is not valid JSON: ${(err as Error).message}`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseFeedRef(raw: string | undefined): FeedRef {
  if (!raw) fail('TRIBUTARY_FEED is not set (the operator passes the Feed as JSON)');
  const v = parseJson('TRIBUTARY_FEED', raw);
  if (!isRecord(v)) fail('TRIBUTARY_FEED must be a JSON object');
  for (const k of ['uid', 'namespace', 'name'] as const) {
    if (typeof v[k] !== 'string' || v[k] === '') fail(`TRIBUTARY_FEED.${k} must be a non-empty string`);
  }
  if (/[.*>\s]/.test(v.uid as string)) fail('TRIBUTARY_FEED.uid must not contain ".", "*", ">" or spaces');
  const spec = v.spec;
  if (!isRecord(spec) || typeof spec.url !== 'string') fail('TRIBUTARY_FEED.spec.url must be a string');
  return {
    uid: v.uid as string,
    namespace: v.namespace as string,
    name: v.name as string,
    generation: typeof v.generation === 'number' ? v.generation : 0,
    spec: spec as unknown as FeedSpec,
  };
}

export function parseHeaders(raw: string | undefined): Record<string, string> {
  if (!raw || raw.trim() === '') return {};
  const v = parseJson('TRIBUTARY_FEED_HEADERS', raw);
  if (!isRecord(v)) fail('TRIBUTARY_FEED_HEADERS must be a JSON object of header name → value');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') fail(`TRIBUTARY_FEED_HEADERS.${k} must be a string`);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k))
      fail(`TRIBUTARY_FEED_HEADERS: "${k}" is not a valid header name`);
    out[k.toLowerCase()] = val;
  }
  return out;
}

export function parseBoolean(name: string, raw: string | undefined, fallback = false): boolean {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  return fail(`${name} must be true or false, got "${raw}"`);
}

export function ingestConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return {
    feed: parseFeedRef(env.TRIBUTARY_FEED),
    headers: parseHeaders(env.TRIBUTARY_FEED_HEADERS),
    allowPrivateNetworks: parseBoolean(
      'TRIBUTARY_ALLOW_PRIVATE_NETWORKS',
      env.TRIBUTARY_ALLOW_PRIVATE_NETWORKS,
    ),
    adaptiveSchedule: parseBoolean('TRIBUTARY_ADAPTIVE_SCHEDULE', env.TRIBUTARY_ADAPTIVE_SCHEDULE, true),
    traceparent: env.TRACEPARENT?.trim() || null,
  };
}

export interface IngestWorkerSettings {
  concurrency: number;
  perHost: number;
  allowPrivateNetworks: boolean;
  adaptiveSchedule: boolean;
  metricsPort: number;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number) {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}

/** `tributary worker ingest` settings (defaults: INGEST_WORKER_DEFAULTS in worker.ts). */
export function ingestWorkerSettings(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { concurrency: number; perHost: number; metricsPort: number } = INGEST_WORKER_DEFAULTS,
): IngestWorkerSettings {
  return {
    concurrency: parseInteger(
      'TRIBUTARY_INGEST_CONCURRENCY',
      env.TRIBUTARY_INGEST_CONCURRENCY,
      defaults.concurrency,
      1,
      1024,
    ),
    perHost: parseInteger(
      'TRIBUTARY_INGEST_PER_HOST',
      env.TRIBUTARY_INGEST_PER_HOST,
      defaults.perHost,
      1,
      64,
    ),
    allowPrivateNetworks: parseBoolean(
      'TRIBUTARY_ALLOW_PRIVATE_NETWORKS',
      env.TRIBUTARY_ALLOW_PRIVATE_NETWORKS,
    ),
    adaptiveSchedule: parseBoolean('TRIBUTARY_ADAPTIVE_SCHEDULE', env.TRIBUTARY_ADAPTIVE_SCHEDULE, true),
    metricsPort: parseInteger(
      'TRIBUTARY_METRICS_PORT',
      env.TRIBUTARY_METRICS_PORT,
      defaults.metricsPort,
      0,
      65535,
    ),
  };
}
