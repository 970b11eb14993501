import type { Enclosure, NormalizedAuthor, NormalizedItem } from '../model.ts';
import { uniqueAuthors, uniqueStrings } from './authors.ts';
import { contentHash } from './hash.ts';
import type { ItemKeys } from './keys.ts';
import { sanitizeHtml } from './sanitize.ts';

/** What an adapter extracts from one entry before the shared normalization steps. */
export interface ItemDraft {
  guid: string;
  /** Already resolved against `base`. */
  link: string;
  /** Plain text. */
  title: string;
  /** Unsanitized HTML. */
  summaryHtml: string;
  /** Unsanitized HTML. */
  contentHtml: string;
  published: string | null;
  updated: string | null;
  authors: NormalizedAuthor[];
  categories: string[];
  enclosures: Enclosure[];
  language: string;
  /** Base for relative URLs inside the HTML. */
  base: string | undefined;
  /** Atom lets summary and content carry their own xml:base. */
  summaryBase?: string | undefined;
  contentBase?: string | undefined;
}

/** Sanitizes, de-duplicates and keys one item. */
export function finishItem(d: ItemDraft, keys: ItemKeys): NormalizedItem {
  const summary = d.summaryHtml === '' ? '' : sanitizeHtml(d.summaryHtml, d.summaryBase ?? d.base);
  const content = d.contentHtml === '' ? '' : sanitizeHtml(d.contentHtml, d.contentBase ?? d.base);
  const guid = d.guid.trim();
  return {
    key: keys.next(guid, d.link, d.title, content || summary),
    guid,
    link: d.link,
    title: d.title,
    summary,
    content,
    published: d.published,
    updated: d.updated,
    authors: uniqueAuthors(d.authors),
    categories: uniqueStrings(d.categories),
    enclosures: uniqueEnclosures(d.enclosures),
    contentHash: contentHash(d.title, content || summary, d.link),
    language: d.language,
  };
}

/** Non-empty URLs, first occurrence of each. */
function uniqueEnclosures(list: Enclosure[]): Enclosure[] {
  const seen = new Set<string>();
  const out: Enclosure[] = [];
  for (const e of list) {
    if (e.url === '' || seen.has(e.url)) continue;
    seen.add(e.url);
    out.push(e);
  }
  return out;
}

/** Non-negative integer byte length; 0 when absent or garbage. */
export function parseLength(raw: string): number {
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
