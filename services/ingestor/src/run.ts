/**
 * One ingestion run of one feed — the core the CronJob's `tributary ingest` and the pooled ingest
 * worker (worker.ts) share: decide (due? backing off? someone else running?), claim a lease
 * with CAS, fetch → parse → publish new or changed items, fold the outcome into the state, write it
 * back with CAS, and publish the `feed.fetched` outcome. Upstream problems (HTTP errors, timeouts,
 * bad documents) are outcomes, returned normally; only our own infrastructure failing (NATS, KV)
 * throws.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { createEvent, itemMsgId, publishEvent } from '@tributary/events';
import type { FeedFetchedData, Subjects } from '@tributary/events';
import { ParseError, parseFeed } from '@tributary/feeds';
import type { NormalizedItem, ParsedFeed } from '@tributary/feeds';
import { FETCH_DEFAULTS, FetchError } from '@tributary/feeds/fetch';
import type { Fetcher, FetchResult } from '@tributary/feeds/fetch';
import type { Logger } from '@tributary/log';
import { INGEST_DEFAULTS } from './config.ts';
import type { FeedRef } from './config.ts';
import { publishBounded } from './publish.ts';
import { applyFeedRules } from './rules.ts';
import { withFullText } from './fulltext.ts';
import { applyAttempt, decideRun, newOrChanged, stateFor } from './state.ts';
import type { Attempt, FeedFetchState, SkipReason } from './state.ts';
import { StateConflictError, feedKey, hostKey, readState, updateState, writeState } from './state-store.ts';

export interface IngestDeps {
  feed: FeedRef;
  headers: Record<string, string>;
  fetcher: Fetcher;
  js: JetStreamClient;
  kv: KV;
  subjects: Subjects;
  log: Logger;
  force?: boolean;
  /** See IngestConfig.adaptiveSchedule (default true). */
  adaptiveSchedule?: boolean;
  traceparent?: string | null;
  signal?: AbortSignal;
  maxInFlight?: number;
  /** How long a claim outlives the fetch timeout (INGEST_DEFAULTS.leaseMarginMs; tests shorten it). */
  leaseMarginMs?: number;
  /** Between page requests to one host for spec.content.fullText (FULLTEXT_FETCH_DEFAULTS). */
  fullTextSpacingMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface IngestReport extends FeedFetchedData {
  skipReason: SkipReason | null;
}

interface HostState {
  retryAfterUntil: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function runIngest(deps: IngestDeps): Promise<IngestReport> {
  const now = deps.now ?? Date.now;
  const { feed, log } = deps;
  const spec = feed.spec;
  const runId = randomUUID();
  const startedAt = now();
  const key = feedKey(feed.uid);
  const timeoutMs = (spec.fetch?.timeoutSeconds ?? FETCH_DEFAULTS.timeoutMs / 1000) * 1000;

  // 1. Decide and claim. A CAS conflict means another run wrote meanwhile: re-read and decide again.
  let state: FeedFetchState;
  let revision: number;
  for (let attempt = 1; ; attempt++) {
    const stored = await readState<FeedFetchState>(deps.kv, key);
    const current = stateFor(stored.value, spec.url);
    const fetchUrl = new URL(fetchUrlOf(current, spec.url));
    const host = await readState<HostState>(deps.kv, hostKey(fetchUrl.host));
    const decision = decideRun(current, startedAt, {
      force: deps.force ?? false,
      suspended: spec.suspend === true,
      hostRetryAfterUntil: host.value?.retryAfterUntil ?? null,
    });
    if (!decision.run) {
      log.info('run skipped', { reason: decision.reason, nextFetchAt: iso(current.nextFetchAt) });
      return publishOutcome(
        deps,
        skippedReport(deps, current, startedAt, now(), decision.reason, host.value?.retryAfterUntil ?? null),
      );
    }
    const claimed: FeedFetchState = {
      ...current,
      lease: {
        owner: runId,
        until: startedAt + timeoutMs + (deps.leaseMarginMs ?? INGEST_DEFAULTS.leaseMarginMs),
      },
    };
    try {
      revision = await writeState(deps.kv, key, claimed, stored.revision);
      state = current;
      break;
    } catch (err) {
      if (!(err instanceof StateConflictError)) throw err;
      if (attempt >= 3) {
        log.info('run skipped: lost the claim race repeatedly', { reason: 'concurrent-run' });
        return publishOutcome(deps, skippedReport(deps, current, startedAt, now(), 'concurrent-run', null));
      }
    }
  }

  // 2. Fetch, parse, publish.
  let step: FetchStep;
  try {
    step = await fetchParsePublish(deps, state, timeoutMs);
  } catch (err) {
    // Our own failure (NATS, KV, abort): give the lease back so the next run need not wait for it.
    await releaseLease(deps.kv, key, runId).catch(() => undefined);
    throw err;
  }
  const { attempt, result, parsed, published } = step;

  // 3. Fold the outcome into the state and write it with CAS against our claim.
  const finishedAt = now();
  const t = applyAttempt(state, attempt, finishedAt, deps.random, {
    adaptive: deps.adaptiveSchedule ?? true,
  });
  try {
    await writeState(deps.kv, key, t.state, revision);
  } catch (err) {
    if (!(err instanceof StateConflictError)) throw err;
    // Our lease expired and another run took over: its state is newer; ours is dropped, not merged.
    log.warn('fetch state superseded by a concurrent run; not overwriting it');
  }
  if (t.retryAfterUntil !== null) {
    const until = t.retryAfterUntil;
    await updateState<HostState>(
      deps.kv,
      hostKey(new URL(step.failedUrl ?? fetchUrlOf(state, spec.url)).host),
      (cur) => (cur && cur.retryAfterUntil >= until ? null : { retryAfterUntil: until }),
    );
  }

  const hubs = [...new Set([...(parsed?.feed.hubs ?? []), ...(result?.linkHubs ?? [])])];
  const report: IngestReport = {
    feed: feedIdentity(deps),
    startedAt: iso(startedAt)!,
    finishedAt: iso(finishedAt)!,
    durationMs: Math.max(0, finishedAt - startedAt),
    outcome: t.outcome,
    httpStatus: result?.status ?? step.failedStatus,
    bytes: result?.bytes ?? 0,
    itemsSeen: parsed?.items.length ?? 0,
    itemsPublished: published,
    lastItemTime: t.state.lastItemTime,
    errorClass: t.state.lastError?.class ?? null,
    errorMessage: t.state.lastError?.message ?? null,
    effectiveUrl: t.effectiveUrl,
    consecutiveFailures: t.state.consecutiveFailures,
    nextFetchAt: iso(t.state.nextFetchAt),
    retryAfter: iso(t.state.retryAfterUntil),
    hubs,
    skipReason: null,
  };
  log.info('run finished', {
    outcome: report.outcome,
    httpStatus: report.httpStatus,
    itemsSeen: report.itemsSeen,
    itemsPublished: report.itemsPublished,
    durationMs: report.durationMs,
    nextFetchAt: report.nextFetchAt,
  });
  return publishOutcome(deps, report);
}

/** Where this feed is fetched: its persisted permanent redirect, else spec.url. */
const fetchUrlOf = (state: FeedFetchState, specUrl: string) => state.effectiveUrl ?? specUrl;

interface FetchStep {
  attempt: Attempt;
  result: FetchResult | null;
  parsed: ParsedFeed | null;
  published: number;
  /** Status and URL of a failed fetch (the URL of the hop that failed, for per-host Retry-After). */
  failedStatus: number | null;
  failedUrl: string | null;
}

/**
 * Fetches the feed, and when the body is new, parses it and publishes its new or changed items.
 * Upstream problems become a `failed` attempt; only our own failures (publish, abort) throw.
 */
async function fetchParsePublish(
  deps: IngestDeps,
  state: FeedFetchState,
  timeoutMs: number,
): Promise<FetchStep> {
  const spec = deps.feed.spec;
  const none = { result: null, parsed: null, published: 0, failedStatus: null, failedUrl: null };
  let result: FetchResult;
  try {
    result = await deps.fetcher.fetch({
      url: fetchUrlOf(state, spec.url),
      etag: state.etag,
      lastModified: state.lastModified,
      userAgent: spec.fetch?.userAgent,
      headers: deps.headers,
      maxBytes: spec.fetch?.maxBytes ?? FETCH_DEFAULTS.maxBytes,
      timeoutMs,
      signal: deps.signal,
    });
  } catch (err) {
    if (!(err instanceof FetchError) || err.code === 'aborted') throw err;
    deps.log.warn('fetch failed', { errorClass: err.code, status: err.status, error: err.message });
    const attempt: Attempt = {
      kind: 'failed',
      hops: [],
      errorClass: err.code,
      message: err.message,
      ...(err.code === 'rate-limited' ? { retryAfter: err.retryAfter } : {}),
      gone: err.code === 'gone',
    };
    return { ...none, attempt, failedStatus: err.status, failedUrl: err.url };
  }

  const hints = { cacheControl: result.cacheControl, expires: result.expires };
  const common = { hops: result.redirects, etag: result.etag, lastModified: result.lastModified };
  if (result.notModified) return { ...none, result, attempt: { kind: 'not-modified', ...common, hints } };
  const bodyHash = sha256(result.body);
  if (bodyHash === state.bodyHash)
    return { ...none, result, attempt: { kind: 'unchanged', ...common, hints } };

  let parsed: ParsedFeed;
  try {
    parsed = parseFeed(result.body, { url: result.url, contentType: result.contentType ?? undefined });
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    deps.log.warn('parse failed', { errorClass: `parse-${err.code}`, error: err.message });
    // No validators or body hash are stored, so the next run re-fetches and re-parses in full.
    const attempt: Attempt = {
      kind: 'failed',
      hops: result.redirects,
      errorClass: `parse-${err.code}`,
      message: err.message,
    };
    return { ...none, result, attempt };
  }
  // Rules see only new or changed items; the state still records every item, so a dropped one is
  // not re-evaluated on each run (`tributary rules apply` re-applies rules to past items).
  const ruled = applyFeedRules(spec, newOrChanged(state, parsed.items), deps.log);
  if (ruled.dropped + ruled.tagged > 0)
    deps.log.info('rules applied', { itemsDropped: ruled.dropped, itemsTagged: ruled.tagged });
  const items = spec.content?.fullText ? await fullText(deps, ruled.items) : ruled.items;
  const published = await publishItems(deps, items);
  const attempt: Attempt = {
    kind: 'updated',
    ...common,
    hints: { ...hints, ttlMinutes: parsed.feed.ttlMinutes },
    bodyHash,
    items: parsed.items,
  };
  return { ...none, result, parsed, published, attempt };
}

/** Kept items with their pages' articles as content; after the rules, so dropped items cost nothing. */
async function fullText(deps: IngestDeps, items: NormalizedItem[]): Promise<NormalizedItem[]> {
  const r = await withFullText(items, {
    fetcher: deps.fetcher,
    log: deps.log,
    userAgent: deps.feed.spec.fetch?.userAgent,
    signal: deps.signal,
    ...(deps.fullTextSpacingMs !== undefined ? { perHostSpacingMs: deps.fullTextSpacingMs } : {}),
  });
  for (const [host, s] of r.byHost) deps.log.info('full text', { host, ...s });
  return r.items;
}

function feedIdentity(deps: IngestDeps) {
  return {
    uid: deps.feed.uid,
    namespace: deps.feed.namespace,
    name: deps.feed.name,
    url: deps.feed.spec.url,
  };
}

async function publishItems(deps: IngestDeps, items: NormalizedItem[]): Promise<number> {
  const subject = deps.subjects.itemUpserted(deps.feed.uid);
  const feed = {
    ...feedIdentity(deps),
    tags: deps.feed.spec.tags ?? [],
    enrichEntities: deps.feed.spec.enrich?.entities ?? true,
  };
  const totals = await publishBounded(
    items,
    (item) =>
      publishEvent(deps.js, subject, createEvent('item.upserted', { feed, item }), {
        msgId: itemMsgId(deps.feed.uid, item.key, item.contentHash),
        traceparent: deps.traceparent,
      }),
    deps.maxInFlight ?? INGEST_DEFAULTS.maxInFlight,
  );
  return totals.published;
}

async function publishOutcome(deps: IngestDeps, report: IngestReport): Promise<IngestReport> {
  const { skipReason: _skip, ...data } = report;
  await publishEvent(deps.js, deps.subjects.feedFetched(deps.feed.uid), createEvent('feed.fetched', data), {
    traceparent: deps.traceparent,
  });
  return report;
}

function skippedReport(
  deps: IngestDeps,
  state: FeedFetchState,
  startedAt: number,
  finishedAt: number,
  reason: SkipReason,
  hostRetryAfterUntil: number | null,
): IngestReport {
  return {
    feed: feedIdentity(deps),
    startedAt: iso(startedAt)!,
    finishedAt: iso(finishedAt)!,
    durationMs: Math.max(0, finishedAt - startedAt),
    outcome: 'skipped',
    httpStatus: null,
    bytes: 0,
    itemsSeen: 0,
    itemsPublished: 0,
    lastItemTime: state.lastItemTime,
    errorClass: state.lastError?.class ?? null,
    errorMessage: state.lastError?.message ?? null,
    effectiveUrl: state.effectiveUrl,
    consecutiveFailures: state.consecutiveFailures,
    nextFetchAt: iso(state.nextFetchAt),
    retryAfter: iso(hostRetryAfterUntil ?? state.retryAfterUntil),
    hubs: [],
    skipReason: reason,
  };
}

async function releaseLease(kv: KV, key: string, runId: string): Promise<void> {
  await updateState<FeedFetchState>(kv, key, (cur) =>
    cur?.lease?.owner === runId ? { ...cur, lease: null } : null,
  );
}
