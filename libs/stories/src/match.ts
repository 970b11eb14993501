/**
 * Story matching, pure: an item's fingerprint, the keys that find its candidates, and the decision
 * whether it joins a candidate's story. The caller (the store writer) keeps fingerprints and keys
 * in Postgres and feeds candidates in stream order, which makes assignment replay-deterministic.
 */
import { createHash } from 'node:crypto';
import { bandKeys, signature, similarity } from './minhash.ts';
import {
  canonicalLink,
  citedLinks,
  contentWords,
  domainOf,
  names,
  plainText,
  shingles,
  words,
} from './text.ts';

/** The parameters, each with its reason; bench/stories.bench.ts measured the thresholds. */
export const STORY_PARAMS = {
  /** Word 3-shingles of title + body; 64 permutations estimate Jaccard within ±0.06. */
  dupHashes: 64,
  /** 16 bands × 4 rows: a pair at Jaccard 0.5 becomes a candidate with p ≈ 0.65, at 0.7 with p ≈ 0.99. */
  dupBands: 16,
  dupRows: 4,
  /** Content words of title + lede: reworded reports share words, not phrases. */
  topicHashes: 32,
  /** 16 bands × 2 rows: candidates from Jaccard ≈ 0.25 up (p ≈ 0.64); verification filters them. */
  topicBands: 16,
  topicRows: 2,
  /** Words of the body that make up the lede. */
  ledeWords: 80,
  /** Near-duplicate: shingle Jaccard at or above this (syndicated copy with other boilerplate). */
  duplicateAt: 0.5,
  /** Same event reworded: topic Jaccard and shared names both needed. */
  topicAt: 0.15,
  namesShared: 2,
  namesOverlapAt: 0.4,
  /** Items further apart in time than this are never one story (a yearly event recurs). */
  windowMs: 4 * 24 * 3600_000,
} as const;

export interface StoryInput {
  /** `<feed uid>:<key>`, the API's item id: the story id derives from its first item's. */
  itemId: string;
  title: string;
  summary: string;
  content: string;
  link: string;
  /** Feed URL: the source domain when the item has no link. */
  feedUrl: string;
}

export interface Fingerprint {
  dup: number[];
  topic: number[];
  names: string[];
  link: string;
  cited: string[];
  domain: string;
}

export function fingerprint(it: StoryInput): Fingerprint {
  const title = plainText(it.title);
  const bodyHtml = it.content.length > it.summary.length ? it.content : it.summary;
  const body = plainText(bodyHtml);
  const titleWords = words(title);
  const bodyWords = words(body);
  const all = [...titleWords, ...bodyWords];
  return {
    dup: signature(shingles(all), STORY_PARAMS.dupHashes),
    topic: signature(
      contentWords([...titleWords, ...bodyWords.slice(0, STORY_PARAMS.ledeWords)]),
      STORY_PARAMS.topicHashes,
    ),
    names: names(`${title}. ${body.slice(0, 2000)}`).sort(),
    link: canonicalLink(it.link),
    cited: [...new Set([...citedLinks(it.summary, it.link), ...citedLinks(it.content, it.link)])].sort(),
    domain: domainOf(it.link) || domainOf(it.feedUrl),
  };
}

/** Lookup keys: LSH bands of both signatures, the canonical link, and each cited link. */
export function matchKeys(f: Fingerprint): string[] {
  const P = STORY_PARAMS;
  const keys = [
    ...bandKeys('d', f.dup, P.dupBands, P.dupRows),
    ...bandKeys('t', f.topic, P.topicBands, P.topicRows),
  ];
  // An item's own link and the links it cites meet in one key space: a copy citing the original
  // and the original itself share `l:<original>`.
  if (f.link) keys.push(`l:${f.link}`);
  // Multi-word names find reworded reports whose wording shares too little for the topic bands.
  for (const n of f.names) if (n.includes(' ')) keys.push(`n:${n}`);
  for (const c of f.cited) keys.push(`l:${c}`);
  return [...new Set(keys)];
}

export interface Candidate {
  itemId: string;
  storyId: string;
  fingerprint: Fingerprint;
  /** Epoch ms of the item's time (published, else first seen). */
  time: number;
}

export interface Verdict {
  storyId: string;
  /** The candidate that decided it (best score). */
  itemId: string;
  /** A copy of the same text (or of the same link), not only the same event. */
  duplicate: boolean;
  score: number;
}

function sharedNames(a: readonly string[], b: readonly string[]): { shared: number; overlap: number } {
  const set = new Set(a);
  const shared = b.filter((n) => set.has(n)).length;
  const min = Math.min(a.length, b.length);
  return { shared, overlap: min === 0 ? 0 : shared / min };
}

/** Scores one pair; null when they are not the same story. */
export function compare(a: Fingerprint, b: Fingerprint): { duplicate: boolean; score: number } | null {
  const P = STORY_PARAMS;
  const dup = similarity(a.dup, b.dup);
  const topic = similarity(a.topic, b.topic);
  const n = sharedNames(a.names, b.names);
  const sameLink = a.link !== '' && a.link === b.link;
  const cites = (a.link !== '' && b.cited.includes(a.link)) || (b.link !== '' && a.cited.includes(b.link));
  const score = dup + topic + n.overlap + (sameLink || cites ? 1 : 0);
  if (sameLink || dup >= P.duplicateAt) return { duplicate: true, score: score + 1 };
  if (cites && topic >= P.topicAt / 2) return { duplicate: false, score };
  if (topic >= P.topicAt && n.shared >= P.namesShared && n.overlap >= P.namesOverlapAt)
    return { duplicate: false, score };
  return null;
}

/**
 * The story an item joins, or null for a new one: the best-scoring matching candidate within the
 * time window; ties go to the earlier candidate in the given order (stream order), so the result
 * depends only on the events and their order.
 */
export function decide(f: Fingerprint, time: number, candidates: readonly Candidate[]): Verdict | null {
  let best: Verdict | null = null;
  for (const c of candidates) {
    if (Math.abs(c.time - time) > STORY_PARAMS.windowMs) continue;
    const r = compare(f, c.fingerprint);
    if (r && (!best || r.score > best.score))
      best = { storyId: c.storyId, itemId: c.itemId, duplicate: r.duplicate, score: r.score };
  }
  return best;
}

/** A story's id: derived from its first item's id, so a replay into an empty store reproduces it. */
export function storyIdFor(firstItemId: string): string {
  return `st-${createHash('sha256').update(firstItemId).digest('hex').slice(0, 20)}`;
}
