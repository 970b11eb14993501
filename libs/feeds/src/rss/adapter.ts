import type { FeedFormat, NormalizedAuthor, NormalizedItem, ParsedFeed } from '../model.ts';
import { author, parsePersonText, uniqueAuthors, uniqueStrings } from '../normalize/authors.ts';
import { parseDate } from '../normalize/dates.ts';
import { finishItem } from '../normalize/item.ts';
import { ItemKeys } from '../normalize/keys.ts';
import { sanitizeHtml } from '../normalize/sanitize.ts';
import { plainTitle, textToHtml } from '../normalize/text.ts';
import { isAbsoluteUrl, resolveLink, withBase } from '../normalize/urls.ts';
import { alternateHref, enclosureOf, hrefOf, linkAndMediaEnclosures, linkHref, relOf } from '../xml/links.ts';
import { attrOf, htmlOf, textOf } from '../xml/query.ts';
import type { XmlDocument, XmlElement } from '../xml/tokenizer.ts';
import type { RawRssChannel, RawRssItem } from './reader.ts';

export interface AdaptContext {
  doc: XmlDocument;
  format: FeedFormat;
  /** The document's URL, when known. */
  url: string | undefined;
}

/** Maps a raw RSS (or RDF) channel onto the normalized model. */
export function adaptRss(raw: RawRssChannel, ctx: AdaptContext): ParsedFeed {
  const rootBase = withBase(ctx.doc.root.attrs?.['xml:base'], ctx.url);
  const channelBase = withBase(raw.el.attrs?.['xml:base'], rootBase);
  const alternate = alternateHref(raw.atomLinks, channelBase);
  const link = resolveLink(raw.link || alternate, channelBase);
  // Relative item URLs resolve against xml:base, else the document URL, else the site link.
  const itemBase = channelBase ?? (isAbsoluteUrl(link) ? link : undefined);
  const language = raw.language || attrOf(raw.el, 'xml:lang') || attrOf(ctx.doc.root, 'xml:lang');

  const authors: NormalizedAuthor[] = [];
  if (raw.managingEditor !== '') authors.push(parsePersonText(raw.managingEditor));
  for (const c of raw.dcCreators) authors.push(parsePersonText(c));
  if (raw.itunesAuthor !== '') authors.push(author(raw.itunesAuthor, ''));

  const keys = new ItemKeys();
  const items: NormalizedItem[] = [];
  for (const it of raw.items) items.push(adaptItem(it, ctx, itemBase, language, keys));

  const description =
    htmlOf(ctx.doc, raw.description) ||
    textToHtml(textOf(raw.itunesSummary)) ||
    textToHtml(textOf(raw.itunesSubtitle));
  const ttl = Number.parseInt(raw.ttl.trim(), 10);
  return {
    feed: {
      format: ctx.format,
      title: plainTitle(htmlOf(ctx.doc, raw.title ?? raw.dcTitle ?? raw.mediaTitle)),
      link,
      feedUrl: linkHref(raw.atomLinks, 'self', channelBase) || (ctx.url ?? ''),
      description: description === '' ? '' : sanitizeHtml(description, itemBase),
      language,
      updated:
        parseDate(raw.lastBuildDate) ??
        parseDate(raw.dctermsModified) ??
        parseDate(raw.pubDate) ??
        parseDate(raw.dcDate) ??
        parseDate(raw.atomUpdated),
      authors: uniqueAuthors(authors),
      categories: uniqueStrings([...raw.categories, ...raw.itunesCategories]),
      image: resolveLink(raw.imageUrl || raw.itunesImage || raw.mediaThumbnail, itemBase),
      generator: raw.generator.trim(),
      ttlMinutes: Number.isSafeInteger(ttl) && ttl >= 0 ? ttl : null,
      hubs: uniqueStrings(raw.atomLinks.filter((l) => relOf(l) === 'hub').map((l) => hrefOf(l, channelBase))),
    },
    items,
  };
}

function adaptItem(
  it: RawRssItem,
  ctx: AdaptContext,
  parentBase: string | undefined,
  feedLanguage: string,
  keys: ItemKeys,
): NormalizedItem {
  const base = withBase(it.el.attrs?.['xml:base'], parentBase);
  // RDF items carry their identity in rdf:about.
  const guid = textOf(it.guid) || attrOf(it.el, 'rdf:about');
  const permalink = it.guid !== undefined && attrOf(it.guid, 'isPermaLink').toLowerCase() !== 'false';
  let link = it.link || alternateHref(it.atomLinks, base);
  if (link === '' && permalink && /^https?:\/\//i.test(guid)) link = guid;

  const authors: NormalizedAuthor[] = [];
  for (const a of it.authors) authors.push(parsePersonText(a));
  for (const c of it.dcCreators) authors.push(parsePersonText(c));
  for (const a of it.atomAuthors) {
    authors.push(author(childText(a, 'name'), childText(a, 'email'), resolveLink(childText(a, 'uri'), base)));
  }
  if (it.itunesAuthor !== '') authors.push(author(it.itunesAuthor, ''));

  const enclosures = [
    ...it.enclosures.map((e) => enclosureOf(e, attrOf(e, 'url'), 'length', base)),
    ...linkAndMediaEnclosures(it.atomLinks, it.mediaContents, base),
  ];

  const summary =
    htmlOf(ctx.doc, it.description) ||
    textToHtml(textOf(it.itunesSummary)) ||
    textToHtml(textOf(it.mediaDescription));
  return finishItem(
    {
      guid,
      link: resolveLink(link, base),
      title: plainTitle(htmlOf(ctx.doc, it.title)),
      summaryHtml: summary,
      contentHtml: htmlOf(ctx.doc, it.contentEncoded),
      published: parseDate(it.pubDate) ?? parseDate(it.dcDate),
      // dc:date is both: the publication date when there is no pubDate, and (as in feedparser) `updated`.
      updated: parseDate(it.modified) ?? parseDate(it.dcDate),
      authors,
      categories: it.categories,
      enclosures,
      language: it.language || attrOf(it.el, 'xml:lang') || feedLanguage,
      base,
    },
    keys,
  );
}

function childText(el: XmlElement, local: string): string {
  for (const c of el.children) if (c.local === local) return c.text.trim();
  return '';
}
