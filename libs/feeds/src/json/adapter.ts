import type { NormalizedItem, ParsedFeed } from '../model.ts';
import { author, uniqueAuthors, uniqueStrings } from '../normalize/authors.ts';
import { parseDate } from '../normalize/dates.ts';
import { finishItem } from '../normalize/item.ts';
import { ItemKeys } from '../normalize/keys.ts';
import { sanitizeHtml } from '../normalize/sanitize.ts';
import { cleanText, textToHtml } from '../normalize/text.ts';
import { isAbsoluteUrl, resolveLink } from '../normalize/urls.ts';
import type { RawJsonAuthor, RawJsonFeed, RawJsonItem } from './reader.ts';

/** Maps a JSON Feed onto the normalized model. */
export function adaptJsonFeed(raw: RawJsonFeed, url: string | undefined): ParsedFeed {
  const feedUrl = resolveLink(raw.feedUrl, url) || (url ?? '');
  const base = url ?? (isAbsoluteUrl(feedUrl) ? feedUrl : undefined);
  const link = resolveLink(raw.homePageUrl, base);
  const itemBase = base ?? (isAbsoluteUrl(link) ? link : undefined);
  const keys = new ItemKeys();
  const items: NormalizedItem[] = raw.items.map((it) => adaptItem(it, itemBase, raw.language, keys));
  return {
    feed: {
      format: raw.version.includes('/version/1.1') ? 'json1.1' : 'json1.0',
      title: cleanText(raw.title),
      link,
      feedUrl,
      description: raw.description === '' ? '' : sanitizeHtml(textToHtml(raw.description), itemBase),
      language: raw.language.trim(),
      updated: null,
      authors: uniqueAuthors(raw.authors.map((a) => person(a, itemBase))),
      categories: [],
      image: resolveLink(raw.icon || raw.favicon, itemBase),
      generator: '',
      ttlMinutes: null,
      hubs: uniqueStrings(raw.hubs.map((h) => resolveLink(h, itemBase))),
    },
    items,
  };
}

function adaptItem(
  it: RawJsonItem,
  base: string | undefined,
  feedLanguage: string,
  keys: ItemKeys,
): NormalizedItem {
  return finishItem(
    {
      guid: it.id,
      link: resolveLink(it.url || it.externalUrl, base),
      title: cleanText(it.title),
      summaryHtml: textToHtml(it.summary),
      contentHtml: it.contentHtml.trim() || textToHtml(it.contentText),
      published: parseDate(it.datePublished),
      updated: parseDate(it.dateModified),
      authors: it.authors.map((a) => person(a, base)),
      categories: it.tags,
      enclosures: it.attachments.map((a) => ({
        url: resolveLink(a.url, base),
        type: a.mimeType.trim(),
        length: Number.isSafeInteger(a.size) && a.size > 0 ? a.size : 0,
      })),
      language: it.language.trim() || feedLanguage.trim(),
      base,
    },
    keys,
  );
}

function person(a: RawJsonAuthor, base: string | undefined) {
  if (/^mailto:/i.test(a.url)) return author(a.name, a.url.slice(7));
  return author(a.name, '', resolveLink(a.url, base));
}
