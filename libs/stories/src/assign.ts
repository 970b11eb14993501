/**
 * Incremental story assignment over an in-memory key index. The store writer fills it with the
 * stored candidates of a batch's keys and then assigns the batch's items in stream order, each
 * assigned item becoming a candidate for the next; the bench runs the same code over a corpus.
 */
import { decide, matchKeys, storyIdFor } from './match.ts';
import type { Candidate, Fingerprint } from './match.ts';

export interface Assignment {
  itemId: string;
  storyId: string;
  /** A near-duplicate copy of an earlier item of its story. */
  duplicate: boolean;
  /** A new story started with this item. */
  founded: boolean;
}

export class StoryIndex {
  private readonly byKey = new Map<string, Candidate[]>();
  private readonly keysOf = new Map<string, string[]>();

  /** Makes a stored (or just assigned) item findable by its keys; replaces its previous entry. */
  add(c: Candidate, keys: readonly string[] = matchKeys(c.fingerprint)): void {
    this.remove(c.itemId);
    for (const k of keys) {
      const list = this.byKey.get(k);
      if (list) list.push(c);
      else this.byKey.set(k, [c]);
    }
    this.keysOf.set(c.itemId, [...keys]);
  }

  private remove(itemId: string): void {
    for (const k of this.keysOf.get(itemId) ?? []) {
      const list = this.byKey.get(k)!.filter((c) => c.itemId !== itemId);
      if (list.length) this.byKey.set(k, list);
      else this.byKey.delete(k);
    }
    this.keysOf.delete(itemId);
  }

  /** Distinct candidates sharing a key, in insertion order (stable: the tie-break of decide). */
  candidates(keys: readonly string[], except: string): Candidate[] {
    const seen = new Map<string, Candidate>();
    for (const k of keys)
      for (const c of this.byKey.get(k) ?? []) if (c.itemId !== except) seen.set(c.itemId, c);
    return [...seen.values()];
  }

  /**
   * Assigns one item. An item that already has a story (an edit) keeps it — a changed text must
   * not split a story — and only its fingerprint is refreshed for later items.
   */
  assign(
    itemId: string,
    fp: Fingerprint,
    time: number,
    existing?: { storyId: string; duplicate: boolean },
    /** What a founded story's id derives from (the API's item id when `itemId` is a row id). */
    seedId = itemId,
  ): Assignment {
    const keys = matchKeys(fp);
    let result: Assignment;
    if (existing) {
      result = { itemId, storyId: existing.storyId, duplicate: existing.duplicate, founded: false };
    } else {
      const v = decide(fp, time, this.candidates(keys, itemId));
      result = v
        ? { itemId, storyId: v.storyId, duplicate: v.duplicate, founded: false }
        : { itemId, storyId: storyIdFor(seedId), duplicate: false, founded: true };
    }
    this.add({ itemId, storyId: result.storyId, fingerprint: fp, time }, keys);
    return result;
  }
}
