import type { FeedFormat, NormalizedAuthor, NormalizedItem, ParsedFeed } from '../model.ts';
import { author, parsePersonText, uniqueAuthors, uniqueStrings } from '../normalize/authors.ts';
import { parseDate } from '../normalize/dates.ts';
import { finishItem } from '../normalize/item.ts';
import { ItemKeys } from '../normalize/keys.ts';
import { sanitizeHtml } from '../normalize/sanitize.ts';
import { htmlToText, textToHtml } from '../normalize/text.ts';
import { isAbsoluteUrl, resolveLink, withBase } from '../normalize/urls.ts';
import { alternateHref, hrefOf, linkAndMediaEnclosures, linkHref, relOf } from '../xml/links.ts';
import { attrOf, innerXml, textOf } from '../xml/query.ts';
import type { XmlDocument, XmlElement } from '../xml/tokenizer.ts';
import type { RawAtomEntry, RawAtomFeed } from './reader.ts';

/** Maps a raw Atom 1.0 / 0.3 feed onto the normalized model. */
export function adaptAtom(
  raw: RawAtomFeed,
  doc: XmlDocument,
  format: FeedFormat,
  url: string | undefined,
): ParsedFeed {
  const base = withBase(raw.el.attrs?.['xml:base'], url);
  const link = resolveLink(alternateHref(raw.links, base), base);
  const itemBase = base ?? (isAbsoluteUrl(link) ? link : undefined);
  const language = attrOf(raw.el, 'xml:lang');
  const keys = new ItemKeys();
  const items: NormalizedItem[] = [];
  for (const e of raw.entries) items.push(adaptEntry(e, doc, itemBase, language, keys));

  const description = raw.subtitle === undefined ? '' : textConstructHtml(doc, raw.subtitle);
  const generator = raw.generator === undefined ? '' : textOf(raw.generator) || attrOf(raw.generator, 'uri');
  return {
    feed: {
      format,
      title: raw.title === undefined ? '' : textConstructPlain(doc, raw.title),
      link,
      feedUrl: linkHref(raw.links, 'self', base) || (url ?? ''),
      description: description === '' ? '' : sanitizeHtml(description, itemBase),
      language,
      updated: parseDate(raw.updated),
      authors: uniqueAuthors(raw.authors.map((a) => person(a, itemBase))),
      categories: uniqueStrings(raw.categories.map(categoryOf)),
      image: resolveLink(raw.logo || raw.icon, itemBase),
      generator,
      ttlMinutes: null,
      hubs: uniqueStrings(raw.links.filter((l) => relOf(l) === 'hub').map((l) => hrefOf(l, base))),
    },
    items,
  };
}

function adaptEntry(
  e: RawAtomEntry,
  doc: XmlDocument,
  parentBase: string | undefined,
  feedLanguage: string,
  keys: ItemKeys,
): NormalizedItem {
  const base = withBase(e.el.attrs?.['xml:base'], parentBase);
  const authors: NormalizedAuthor[] = e.authors.map((a) => person(a, base));
  for (const c of e.dcCreators) authors.push(parsePersonText(c));

  const enclosures = linkAndMediaEnclosures(e.links, e.mediaContents, base);

  const contentBase = e.content === undefined ? base : withBase(e.content.attrs?.['xml:base'], base);
  const summaryBase = e.summary === undefined ? base : withBase(e.summary.attrs?.['xml:base'], base);
  const summary =
    e.summary !== undefined ? textConstructHtml(doc, e.summary) : textToHtml(textOf(e.mediaDescription));
  const content =
    e.content === undefined || e.content.attrs?.src !== undefined ? '' : textConstructHtml(doc, e.content);
  return finishItem(
    {
      guid: e.id,
      link: resolveLink(alternateHref(e.links, base), undefined),
      title: e.title === undefined ? '' : textConstructPlain(doc, e.title),
      summaryHtml: summary,
      contentHtml: content,
      published: parseDate(e.published) ?? parseDate(e.created),
      updated: parseDate(e.updated),
      authors,
      categories: [...e.categories.map(categoryOf), ...e.dcSubjects],
      enclosures,
      language: attrOf(e.el, 'xml:lang') || feedLanguage,
      base,
      summaryBase,
      contentBase,
    },
    keys,
  );
}

/** An Atom text construct (title, subtitle, summary, content) as HTML. */
export function textConstructHtml(doc: XmlDocument, el: XmlElement): string {
  const type = (el.attrs?.type ?? '').trim().toLowerCase();
  const mode = (el.attrs?.mode ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') return xhtmlInner(doc, el);
  const text = el.children.length > 0 ? innerXml(doc, el) : el.text;
  if (mode === 'base64') return decodeBase64(text);
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return text.trim();
  if (type === '' || type === 'text' || type === 'text/plain') {
    // Atom 0.3 defaults to escaped HTML in practice; 1.0's default is text.
    return el.children.length > 0 ? text.trim() : textToHtml(text);
  }
  // Other media types (out-of-line or binary content) carry nothing we can render.
  return type.startsWith('text/') ? textToHtml(text) : '';
}

/** An Atom text construct as plain text (titles). */
export function textConstructPlain(doc: XmlDocument, el: XmlElement): string {
  const type = (el.attrs?.type ?? '').trim().toLowerCase();
  const mode = (el.attrs?.mode ?? '').trim().toLowerCase();
  if (
    type === 'text' ||
    ((type === '' || type === 'text/plain') &&
      mode !== 'escaped' &&
      mode !== 'base64' &&
      el.children.length === 0)
  ) {
    return htmlToTextKeepMarkup(el.text);
  }
  return htmlToText(textConstructHtml(doc, el));
}

/** Plain text that merely looks like markup ("a <b> c") stays as written; whitespace collapses. */
function htmlToTextKeepMarkup(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Inner markup of type="xhtml": the content of the wrapping xhtml:div, prefixes dropped. */
function xhtmlInner(doc: XmlDocument, el: XmlElement): string {
  const div = el.children.length === 1 && el.children[0]?.local === 'div' ? el.children[0] : el;
  const inner = innerXml(doc, div).trim();
  return inner.indexOf(':') === -1 ? inner : inner.replace(/<(\/?)[A-Za-z][\w.-]*:/g, '<$1');
}

function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function person(el: XmlElement, base: string | undefined): NormalizedAuthor {
  let name = '';
  let email = '';
  let uri = '';
  for (const c of el.children) {
    if (c.local === 'name') name ||= c.text;
    else if (c.local === 'email') email ||= c.text;
    else if (c.local === 'uri' || c.local === 'url') uri ||= c.text;
  }
  // Some feeds put the name as the author's text instead of a <name> child.
  if (name === '' && email === '' && el.children.length === 0) return parsePersonText(el.text);
  return author(name, email, resolveLink(uri, base));
}

function categoryOf(el: XmlElement): string {
  return attrOf(el, 'term') || attrOf(el, 'label') || textOf(el);
}
