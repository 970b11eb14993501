/**
 * Per-feed fetch state and its transitions (pure). Stored as JSON in the fetch-state KV bucket
 * under `feed.<uid>` and updated with compare-and-set; times are ms since the epoch.
 */
import { createHash } from 'node:crypto';
import {
  failureBackoffMs,
  nextIntervalMs,
  POLICY_DEFAULTS,
  retryAfterUntil,
  shouldPersistRedirect,
  updateRedirectEvidence,
  withJitter,
} from '@tributary/feeds/fetch';
import type { CacheHints, RedirectEvidence, RedirectHop } from '@tributary/feeds/fetch';

export const STATE_VERSION = 1;
/** Digests of the items in the latest document, bounded so the KV value stays small (~17 B each). */
export const MAX_SEEN = 20_000;

export interface FeedFetchState {
  v: typeof STATE_VERSION;
  /** spec.url this state belongs to: a changed spec.url starts over. */
  specUrl: string;
  /** A permanent redirect target persisted after consistent sightings; fetched instead of specUrl. */
  effectiveUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last successfully parsed body: servers ignoring validators are caught here. */
  bodyHash: string | null;
  consecutiveFailures: number;
  lastFetchAt: number | null;
  lastSuccessAt: number | null;
  nextFetchAt: number | null;
  /** Retry-After of this feed's last 429/503 (the host-wide one lives under `host.<host>`). */
  retryAfterUntil: number | null;
  /** Polling interval learnt at the last parse (entry frequency + hints). */
  intervalMs: number;
  redirect: RedirectEvidence | null;
  gone: boolean;
  /** The newest item time seen (ISO). */
  lastItemTime: string | null;
  /** Short digests of `key + contentHash` of the items in the latest document. */
  seen: string[];
  lastError: { class: string; message: string } | null;
  /** A run in progress: other runs skip until it is released or expires. */
  lease: { owner: string; until: number } | null;
}

export function initialState(specUrl: string): FeedFetchState {
  return {
    v: STATE_VERSION,
    specUrl,
    effectiveUrl: null,
    etag: null,
    lastModified: null,
    bodyHash: null,
    consecutiveFailures: 0,
    lastFetchAt: null,
    lastSuccessAt: null,
    nextFetchAt: null,
    retryAfterUntil: null,
    intervalMs: POLICY_DEFAULTS.defaultIntervalMs,
    redirect: null,
    gone: false,
    lastItemTime: null,
    seen: [],
    lastError: null,
    lease: null,
  };
}

/** The stored state for this spec.url (a stored state for an older URL is discarded). */
export function stateFor(stored: FeedFetchState | null, specUrl: string): FeedFetchState {
  if (!stored || stored.v !== STATE_VERSION || stored.specUrl !== specUrl) return initialState(specUrl);
  return stored;
}

export function itemDigest(key: string, contentHash: string): string {
  return createHash('sha256').update(key).update('\0').update(contentHash).digest('base64url').slice(0, 16);
}

export type SkipReason =
  'suspended' | 'not-due' | 'backing-off' | 'rate-limited' | 'host-rate-limited' | 'concurrent-run';

/** Whether this run should fetch, or why not. `force` (a manual `feed run`) overrides timing only. */
export function decideRun(
  state: FeedFetchState,
  now: number,
  opts: { force: boolean; suspended: boolean; hostRetryAfterUntil: number | null; slackMs?: number },
): { run: true } | { run: false; reason: SkipReason } {
  if (state.lease && state.lease.until > now) return { run: false, reason: 'concurrent-run' };
  if (opts.force) return { run: true };
  if (opts.suspended) return { run: false, reason: 'suspended' };
  if (opts.hostRetryAfterUntil !== null && opts.hostRetryAfterUntil > now)
    return { run: false, reason: 'host-rate-limited' };
  const slack = opts.slackMs ?? POLICY_DEFAULTS.dueSlackMs;
  if (state.nextFetchAt !== null && now < state.nextFetchAt - slack) {
    if (state.retryAfterUntil !== null && state.retryAfterUntil > now)
      return { run: false, reason: 'rate-limited' };
    return { run: false, reason: state.consecutiveFailures > 0 ? 'backing-off' : 'not-due' };
  }
  return { run: true };
}

/** What one fetch attempt produced, as far as the state machine cares. */
export type Attempt =
  | {
      kind: 'updated';
      hops: RedirectHop[];
      etag: string | null;
      lastModified: string | null;
      hints: CacheHints;
      bodyHash: string;
      items: { key: string; contentHash: string; published: string | null; updated: string | null }[];
    }
  | {
      kind: 'unchanged' | 'not-modified';
      hops: RedirectHop[];
      etag: string | null;
      lastModified: string | null;
      hints: CacheHints;
    }
  | {
      kind: 'failed';
      hops: RedirectHop[];
      errorClass: string;
      message: string;
      /** Set for 429/503. */
      retryAfter?: string | null;
      gone?: boolean;
    };

export interface Transition {
  state: FeedFetchState;
  outcome: 'updated' | 'unchanged' | 'not-modified' | 'failed' | 'gone';
  /** The URL to report as effective (persisted redirect), or null. */
  effectiveUrl: string | null;
  /** Set when the server asked us to back off (for the host-wide record too). */
  retryAfterUntil: number | null;
}

/** Folds one attempt into the state: validators, failures, schedule, redirect evidence, seen items. */
export function applyAttempt(
  prev: FeedFetchState,
  attempt: Attempt,
  now: number,
  random: () => number = Math.random,
  opts: { adaptive?: boolean } = {},
): Transition {
  // Without the adaptive schedule a successful run is due again at the Feed's next cron tick.
  const due = (intervalMs: number) => (opts.adaptive === false ? null : now + intervalMs);
  // A failed fetch says nothing about where the feed lives: keep the evidence as it was.
  const redirect =
    attempt.kind === 'failed' ? prev.redirect : updateRedirectEvidence(prev.redirect, attempt.hops, now);
  const effectiveUrl = shouldPersistRedirect(redirect) ? redirect!.target : prev.effectiveUrl;
  const base: FeedFetchState = { ...prev, redirect, effectiveUrl, lastFetchAt: now, lease: null };

  if (attempt.kind === 'failed') {
    const failures = prev.consecutiveFailures + 1;
    const error = { class: attempt.errorClass, message: attempt.message };
    if (attempt.gone) {
      const state = {
        ...base,
        gone: true,
        consecutiveFailures: failures,
        lastError: error,
        retryAfterUntil: null,
        nextFetchAt: now + POLICY_DEFAULTS.goneRecheckMs,
      };
      return { state, outcome: 'gone', effectiveUrl, retryAfterUntil: null };
    }
    if (attempt.retryAfter !== undefined) {
      // The server said when to come back: that replaces our own backoff guess.
      const until = retryAfterUntil(attempt.retryAfter, now, undefined, random);
      const state = {
        ...base,
        consecutiveFailures: failures,
        lastError: error,
        retryAfterUntil: until,
        nextFetchAt: until,
      };
      return { state, outcome: 'failed', effectiveUrl, retryAfterUntil: until };
    }
    const wait = withJitter(failureBackoffMs(failures), POLICY_DEFAULTS.jitterRatio, random);
    const state = {
      ...base,
      consecutiveFailures: failures,
      lastError: error,
      retryAfterUntil: null,
      nextFetchAt: now + Math.max(wait, prev.intervalMs),
    };
    return { state, outcome: 'failed', effectiveUrl, retryAfterUntil: null };
  }

  const success: FeedFetchState = {
    ...base,
    consecutiveFailures: 0,
    lastSuccessAt: now,
    lastError: null,
    retryAfterUntil: null,
    gone: false,
    // Validators verbatim; a 304 may refresh them but never erases the ones we have.
    etag: attempt.kind === 'not-modified' ? (attempt.etag ?? prev.etag) : attempt.etag,
    lastModified:
      attempt.kind === 'not-modified' ? (attempt.lastModified ?? prev.lastModified) : attempt.lastModified,
  };
  if (attempt.kind === 'updated') {
    const dates = attempt.items.map((i) => i.published ?? i.updated);
    const intervalMs = nextIntervalMs(dates, attempt.hints, now);
    const newest = dates.reduce<string | null>((max, d) => (d && (!max || d > max) ? d : max), null);
    const state: FeedFetchState = {
      ...success,
      bodyHash: attempt.bodyHash,
      intervalMs,
      nextFetchAt: due(intervalMs),
      lastItemTime: newest ?? prev.lastItemTime,
      seen: attempt.items.slice(0, MAX_SEEN).map((i) => itemDigest(i.key, i.contentHash)),
    };
    return { state, outcome: 'updated', effectiveUrl, retryAfterUntil: null };
  }
  // Unchanged body or 304: the learnt interval stands, fresh server hints may lengthen it.
  const intervalMs = Math.max(
    prev.intervalMs,
    nextIntervalMs([], attempt.hints, now, {
      minIntervalMs: prev.intervalMs,
      maxIntervalMs: POLICY_DEFAULTS.maxIntervalMs,
      defaultIntervalMs: prev.intervalMs,
    }),
  );
  const state = { ...success, intervalMs, nextFetchAt: due(intervalMs) };
  return { state, outcome: attempt.kind, effectiveUrl, retryAfterUntil: null };
}

/** Items whose key+contentHash was not in the previous document: new or changed. */
export function newOrChanged<T extends { key: string; contentHash: string }>(
  prev: FeedFetchState,
  items: T[],
): T[] {
  const seen = new Set(prev.seen);
  return items.filter((i) => !seen.has(itemDigest(i.key, i.contentHash)));
}
