/**
 * MinHash signatures and LSH band keys. Hand-written (a few lines) because the npm `minhash`
 * package draws its permutations from Math.random, and story ids must be the same on every replay:
 * here the hash family is fixed (murmur3's 32-bit finalizer over a seeded FNV-1a of the feature).
 */

/** FNV-1a, 32 bits, over UTF-16 code units. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed per-permutation seeds (golden-ratio increments): the same family in every process. */
const SEEDS = Array.from({ length: 256 }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

/**
 * Signature of a feature set: per permutation, the minimum hash over the features. Returned as
 * signed 32-bit integers (Postgres int4). An empty set has an all-max signature that matches
 * nothing by convention (see similarity).
 */
export function signature(features: readonly string[], size: number): number[] {
  const mins = new Array<number>(size).fill(0xffffffff);
  for (const f of features) {
    const base = fnv1a(f);
    for (let i = 0; i < size; i++) {
      const h = fmix32(base ^ SEEDS[i]!);
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return mins.map((m) => m | 0);
}

const EMPTY = 0xffffffff | 0;

/** Estimated Jaccard similarity: the fraction of equal positions (0 when either set was empty). */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0 || a[0] === EMPTY || b[0] === EMPTY) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * LSH band keys: the signature cut into `bands` bands of `rows` values, each hashed with its band
 * index. Two sets with Jaccard s share at least one key with probability 1 − (1 − s^rows)^bands.
 */
export function bandKeys(prefix: string, sig: readonly number[], bands: number, rows: number): string[] {
  if (sig.length === 0 || sig[0] === EMPTY) return [];
  const out: string[] = [];
  for (let b = 0; b < bands; b++) {
    const part = sig.slice(b * rows, (b + 1) * rows).join(',');
    out.push(`${prefix}${b}:${fnv1a(part).toString(16)}`);
  }
  return out;
}
