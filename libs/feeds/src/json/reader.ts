import { ParseError } from '../errors.ts';
import { assertItemCount, assertJsonNodeCount } from '../parse/size-check.ts';

/** JSON Feed 1.0 / 1.1 as read from the document: only values of the expected JSON type survive. */
export interface RawJsonFeed {
  version: string;
  title: string;
  homePageUrl: string;
  feedUrl: string;
  description: string;
  icon: string;
  favicon: string;
  language: string;
  authors: RawJsonAuthor[];
  hubs: string[];
  items: RawJsonItem[];
}

export interface RawJsonAuthor {
  name: string;
  url: string;
  avatar: string;
}

export interface RawJsonItem {
  id: string;
  url: string;
  externalUrl: string;
  title: string;
  contentHtml: string;
  contentText: string;
  summary: string;
  datePublished: string;
  dateModified: string;
  authors: RawJsonAuthor[];
  tags: string[];
  language: string;
  attachments: { url: string; mimeType: string; size: number }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readJsonFeed(text: string): RawJsonFeed {
  assertJsonNodeCount(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ParseError('malformed', `invalid JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc)) throw new ParseError('unknown-format', 'JSON document is not a JSON Feed object');
  const version = str(doc.version);
  if (!version.includes('jsonfeed.org/version/') && !Array.isArray(doc.items)) {
    throw new ParseError('unknown-format', 'JSON document is not a JSON Feed (no version, no items)');
  }
  if (Array.isArray(doc.items)) assertItemCount(doc.items.length);
  return {
    version,
    title: str(doc.title),
    homePageUrl: str(doc.home_page_url),
    feedUrl: str(doc.feed_url),
    description: str(doc.description),
    icon: str(doc.icon),
    favicon: str(doc.favicon),
    language: str(doc.language),
    authors: readAuthors(doc),
    hubs: arr(doc.hubs)
      .filter(isObj)
      .map((h) => str(h.url)),
    items: arr(doc.items).filter(isObj).map(readItem),
  };
}

/** 1.1 has `authors` (array); 1.0 had `author` (object). Accept either in either version. */
function readAuthors(o: Obj): RawJsonAuthor[] {
  const list = Array.isArray(o.authors) ? o.authors : isObj(o.author) ? [o.author] : [];
  return list.filter(isObj).map((a) => ({ name: str(a.name), url: str(a.url), avatar: str(a.avatar) }));
}

function readItem(o: Obj): RawJsonItem {
  return {
    id: str(o.id),
    url: str(o.url),
    externalUrl: str(o.external_url),
    title: str(o.title),
    contentHtml: str(o.content_html),
    contentText: str(o.content_text),
    summary: str(o.summary),
    datePublished: str(o.date_published),
    dateModified: str(o.date_modified),
    authors: readAuthors(o),
    tags: arr(o.tags).map(str),
    language: str(o.language),
    attachments: arr(o.attachments)
      .filter(isObj)
      .map((a) => ({
        url: str(a.url),
        mimeType: str(a.mime_type),
        size: typeof a.size_in_bytes === 'number' ? a.size_in_bytes : 0,
      })),
  };
}
