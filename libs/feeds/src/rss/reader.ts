import type { XmlElement } from '../xml/tokenizer.ts';

/**
 * The raw RSS document model (RSS 0.9x/2.0 channel; RDF channels and items share it): elements
 * picked out of one pass over each parent's children, not yet interpreted. Namespaced fields
 * (dc, content, media, itunes, atom) sit beside the core ones.
 */
export interface RawRssChannel {
  el: XmlElement;
  title?: XmlElement;
  /** dc:title, then media:title: the title when there is no <title>. */
  dcTitle?: XmlElement;
  mediaTitle?: XmlElement;
  link: string;
  description?: XmlElement;
  language: string;
  lastBuildDate: string;
  dctermsModified: string;
  pubDate: string;
  dcDate: string;
  atomUpdated: string;
  managingEditor: string;
  dcCreators: string[];
  itunesAuthor: string;
  categories: string[];
  itunesCategories: string[];
  imageUrl: string;
  itunesImage: string;
  mediaThumbnail: string;
  generator: string;
  ttl: string;
  atomLinks: XmlElement[];
  itunesSummary?: XmlElement;
  itunesSubtitle?: XmlElement;
  items: RawRssItem[];
}

export interface RawRssItem {
  el: XmlElement;
  title?: XmlElement;
  link: string;
  guid?: XmlElement;
  description?: XmlElement;
  contentEncoded?: XmlElement;
  itunesSummary?: XmlElement;
  mediaDescription?: XmlElement;
  pubDate: string;
  dcDate: string;
  modified: string;
  authors: string[];
  dcCreators: string[];
  itunesAuthor: string;
  atomAuthors: XmlElement[];
  categories: string[];
  enclosures: XmlElement[];
  mediaContents: XmlElement[];
  atomLinks: XmlElement[];
  language: string;
}

export function readRssChannel(channel: XmlElement): RawRssChannel {
  const raw: RawRssChannel = {
    el: channel,
    link: '',
    language: '',
    lastBuildDate: '',
    dctermsModified: '',
    pubDate: '',
    dcDate: '',
    atomUpdated: '',
    managingEditor: '',
    dcCreators: [],
    itunesAuthor: '',
    categories: [],
    itunesCategories: [],
    imageUrl: '',
    itunesImage: '',
    mediaThumbnail: '',
    generator: '',
    ttl: '',
    atomLinks: [],
    items: [],
  };
  for (const c of channel.children) {
    switch (c.ns) {
      case '':
        switch (c.local) {
          case 'item':
            raw.items.push(readRssItem(c));
            break;
          case 'title':
            raw.title ??= c;
            break;
          case 'link':
            if (raw.link === '') raw.link = c.text.trim() || (c.attrs?.href ?? '');
            break;
          case 'description':
            raw.description ??= c;
            break;
          case 'language':
            raw.language ||= c.text.trim();
            break;
          case 'lastBuildDate':
            raw.lastBuildDate ||= c.text;
            break;
          case 'pubDate':
            raw.pubDate ||= c.text;
            break;
          case 'managingEditor':
            raw.managingEditor ||= c.text;
            break;
          case 'author': // not in RSS 2.0 at channel level, but common; same shape as dc:creator
            raw.dcCreators.push(c.text);
            break;
          case 'category':
            raw.categories.push(c.text);
            break;
          case 'image':
            raw.imageUrl ||= childText(c, 'url') || (c.attrs?.['rdf:resource'] ?? '');
            break;
          case 'generator':
            raw.generator ||= c.text.trim() || (c.attrs?.uri ?? '');
            break;
          case 'ttl':
            raw.ttl ||= c.text;
            break;
        }
        break;
      case 'dc':
        if (c.local === 'date') raw.dcDate ||= c.text;
        else if (c.local === 'creator' || c.local === 'author') raw.dcCreators.push(c.text);
        else if (c.local === 'language') raw.language ||= c.text.trim();
        else if (c.local === 'subject') raw.categories.push(c.text);
        else if (c.local === 'title') raw.dcTitle ??= c;
        break;
      case 'dcterms':
        if (c.local === 'modified') raw.dctermsModified ||= c.text;
        break;
      case 'atom':
        if (c.local === 'link') raw.atomLinks.push(c);
        else if (c.local === 'updated') raw.atomUpdated ||= c.text;
        break;
      case 'itunes':
        if (c.local === 'author') raw.itunesAuthor ||= c.text;
        else if (c.local === 'image') raw.itunesImage ||= c.attrs?.href ?? c.text;
        else if (c.local === 'category') collectItunesCategories(c, raw.itunesCategories);
        else if (c.local === 'summary') raw.itunesSummary ??= c;
        else if (c.local === 'subtitle') raw.itunesSubtitle ??= c;
        else if (c.local === 'keywords') raw.itunesCategories.push(...c.text.split(','));
        break;
      case 'media':
        if (c.local === 'thumbnail') raw.mediaThumbnail ||= c.attrs?.url ?? '';
        else if (c.local === 'title') raw.mediaTitle ??= c;
        break;
    }
  }
  return raw;
}

export function readRssItem(item: XmlElement): RawRssItem {
  const raw: RawRssItem = {
    el: item,
    link: '',
    pubDate: '',
    dcDate: '',
    modified: '',
    authors: [],
    dcCreators: [],
    itunesAuthor: '',
    atomAuthors: [],
    categories: [],
    enclosures: [],
    mediaContents: [],
    atomLinks: [],
    language: '',
  };
  for (const c of item.children) {
    switch (c.ns) {
      case '':
        switch (c.local) {
          case 'title':
            raw.title ??= c;
            break;
          case 'link':
            if (raw.link === '') raw.link = c.text.trim() || (c.attrs?.href ?? '');
            break;
          case 'guid':
            raw.guid ??= c;
            break;
          case 'description':
            raw.description ??= c;
            break;
          case 'pubDate':
            raw.pubDate ||= c.text;
            break;
          case 'author':
            raw.authors.push(c.text);
            break;
          case 'category':
            raw.categories.push(c.text);
            break;
          case 'enclosure':
            raw.enclosures.push(c);
            break;
          case 'body': // RSS 2.0 "body" extension and <fullitem>: the full content, like content:encoded
          case 'fullitem':
            raw.contentEncoded ??= c;
            break;
        }
        break;
      case 'content':
        if (c.local === 'encoded') raw.contentEncoded ??= c;
        break;
      case 'xhtml':
        if (c.local === 'body') raw.contentEncoded ??= c;
        break;
      case 'dc':
        if (c.local === 'date') raw.dcDate ||= c.text;
        else if (c.local === 'creator' || c.local === 'author') raw.dcCreators.push(c.text);
        else if (c.local === 'subject') raw.categories.push(c.text);
        else if (c.local === 'language') raw.language ||= c.text.trim();
        else if (c.local === 'description') raw.description ??= c;
        break;
      case 'dcterms':
        if (c.local === 'modified') raw.modified ||= c.text;
        else if ((c.local === 'issued' || c.local === 'created') && raw.dcDate === '') raw.dcDate = c.text;
        break;
      case 'atom':
        if (c.local === 'link') raw.atomLinks.push(c);
        else if (c.local === 'updated') raw.modified ||= c.text;
        else if (c.local === 'author') raw.atomAuthors.push(c);
        break;
      case 'itunes':
        if (c.local === 'author') raw.itunesAuthor ||= c.text;
        else if (c.local === 'summary') raw.itunesSummary ??= c;
        break;
      case 'media':
        if (c.local === 'content') raw.mediaContents.push(c);
        else if (c.local === 'group') {
          for (const g of c.children) {
            if (g.ns === 'media' && g.local === 'content') raw.mediaContents.push(g);
            else if (g.ns === 'media' && g.local === 'description') raw.mediaDescription ??= g;
          }
        } else if (c.local === 'description') raw.mediaDescription ??= c;
        break;
    }
  }
  return raw;
}

function childText(el: XmlElement, local: string): string {
  for (const c of el.children) if (c.local === local && c.ns === '') return c.text.trim();
  return '';
}

/** itunes:category is nested (`Technology > Podcasting`); collect every level's text attribute. */
function collectItunesCategories(el: XmlElement, out: string[], depth = 0): void {
  const text = el.attrs?.text;
  if (text !== undefined) out.push(text);
  if (depth < 4)
    for (const c of el.children) if (c.local === 'category') collectItunesCategories(c, out, depth + 1);
}
