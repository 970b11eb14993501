/**
 * Redirect policy (pure). A feed that moved permanently should eventually be fetched at its new
 * URL, but one 301 is weak evidence (misconfigured servers, captive portals, hijacked DNS): the
 * permanent target is persisted only after consistent sightings over time, never when it would
 * downgrade https to http, and temporary redirects (302/303/307) are never persisted.
 */
import { POLICY_DEFAULTS } from './defaults.ts';

export interface RedirectHop {
  from: string;
  to: string;
  status: number;
}

/** Accumulated sightings of the same permanent redirect target. Times in ms since the epoch. */
export interface RedirectEvidence {
  target: string;
  sightings: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const PERMANENT: ReadonlySet<number> = new Set([301, 308]);

function isDowngrade(from: string, to: string): boolean {
  return new URL(from).protocol === 'https:' && new URL(to).protocol === 'http:';
}

/**
 * The URL the feed permanently moved to according to one fetch's chain: the end of the leading run
 * of permanent hops (a later temporary hop says nothing about the earlier move). Null when the chain
 * starts with a temporary hop, is empty, or any permanent hop downgrades https→http.
 */
export function permanentTarget(hops: readonly RedirectHop[]): string | null {
  let target: string | null = null;
  for (const hop of hops) {
    if (!PERMANENT.has(hop.status)) break;
    if (isDowngrade(hop.from, hop.to)) return null;
    target = hop.to;
  }
  return target;
}

/** Folds one fetch's redirect chain into the evidence: same target → one more sighting, else restart. */
export function updateRedirectEvidence(
  previous: RedirectEvidence | null,
  hops: readonly RedirectHop[],
  now: number,
): RedirectEvidence | null {
  const target = permanentTarget(hops);
  if (target === null) return null;
  if (previous?.target === target) {
    return { ...previous, sightings: previous.sightings + 1, lastSeenAt: now };
  }
  return { target, sightings: 1, firstSeenAt: now, lastSeenAt: now };
}

export interface RedirectPersistPolicy {
  minSightings: number;
  minSpanMs: number;
}

/** True when the evidence is strong enough to fetch (and report) the target as the effective URL. */
export function shouldPersistRedirect(
  evidence: RedirectEvidence | null,
  policy: RedirectPersistPolicy = {
    minSightings: POLICY_DEFAULTS.redirectMinSightings,
    minSpanMs: POLICY_DEFAULTS.redirectMinSpanMs,
  },
): boolean {
  return (
    evidence !== null &&
    evidence.sightings >= policy.minSightings &&
    evidence.lastSeenAt - evidence.firstSeenAt >= policy.minSpanMs
  );
}
