import { sha256Hex } from './hash.ts';

/** Keys longer than this are hashed: they end up in NATS message ids and database indexes. */
const MAX_KEY_LENGTH = 512;

/**
 * Stable dedup keys for one feed's items: guid → link → `sha256:` of title + content. A key
 * repeated inside the document (copy-pasted guids are common) is disambiguated Miniflux-style:
 * first with the link, then with the position among its duplicates, so every item keeps a
 * distinct key that is stable as long as the document order is.
 */
export class ItemKeys {
  private readonly seen = new Set<string>();
  /** Next suffix to try per stem, so n copies of one guid cost O(n), not O(n²). */
  private readonly nextSuffix = new Map<string, number>();

  next(guid: string, link: string, title: string, content: string): string {
    let key = guid !== '' ? guid : link !== '' ? link : 'sha256:' + sha256Hex(title + '\u0000' + content);
    if (key.length > MAX_KEY_LENGTH) key = 'sha256:' + sha256Hex(key);
    if (this.seen.has(key) && guid !== '' && link !== '') key = bounded(guid + '|' + link);
    if (this.seen.has(key)) {
      const stem = key;
      let n = this.nextSuffix.get(stem) ?? 2;
      do key = bounded(`${stem}|${n++}`);
      while (this.seen.has(key));
      this.nextSuffix.set(stem, n);
    }
    this.seen.add(key);
    return key;
  }
}

function bounded(key: string): string {
  return key.length > MAX_KEY_LENGTH ? 'sha256:' + sha256Hex(key) : key;
}
