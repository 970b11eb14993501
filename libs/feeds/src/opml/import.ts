import { decodeBody } from '../encoding/decode.ts';
import { ParseError } from '../errors.ts';
import { cleanText } from '../normalize/text.ts';
import { parseXml } from '../xml/tokenizer.ts';
import type { XmlElement } from '../xml/tokenizer.ts';

/** One subscription from an OPML file. */
export interface OpmlFeed {
  title: string;
  xmlUrl: string;
  htmlUrl: string;
  /** Folder path (outer to inner) plus any `category` attribute values; used as Feed tags. */
  categories: string[];
}

export interface OpmlDocument {
  title: string;
  feeds: OpmlFeed[];
}

/** Folder nesting deeper than this is ignored (the tokenizer already bounds depth). */
const MAX_FOLDER_DEPTH = 16;

/**
 * Reads an OPML 1.0/2.0 subscription list. Outlines with an `xmlUrl` are feeds (whatever their
 * `type`, which readers set inconsistently); outlines without one are folders whose titles become
 * categories of the feeds inside. Duplicate feed URLs keep the first occurrence.
 */
export function parseOpml(body: Uint8Array | string): OpmlDocument {
  const text = typeof body === 'string' ? body : decodeBody(body);
  if (text.trim() === '') throw new ParseError('empty', 'empty OPML document');
  const doc = parseXml(text);
  if (doc.root.local.toLowerCase() !== 'opml')
    throw new ParseError('invalid-opml', `root element is <${doc.root.qname}>, not <opml>`);
  const head = doc.root.children.find((c) => c.local === 'head');
  const body_ = doc.root.children.find((c) => c.local === 'body');
  if (body_ === undefined) throw new ParseError('invalid-opml', 'OPML document has no <body>');
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  walk(body_, [], feeds, seen, 0);
  return { title: cleanText(head?.children.find((c) => c.local === 'title')?.text ?? ''), feeds };
}

function walk(
  parent: XmlElement,
  folders: string[],
  out: OpmlFeed[],
  seen: Set<string>,
  depth: number,
): void {
  for (const o of parent.children) {
    if (o.local !== 'outline') continue;
    const a = o.attrs ?? {};
    const title = cleanText(a.title ?? a.text ?? '');
    const xmlUrl = (a.xmlUrl ?? a.xmlurl ?? a.url ?? '').trim();
    if (xmlUrl !== '' && (a.type === undefined || !/^(?:link|include)$/i.test(a.type))) {
      if (seen.has(xmlUrl)) continue;
      seen.add(xmlUrl);
      const extra = (a.category ?? '')
        .split(',')
        .flatMap((c) => c.split('/'))
        .map(cleanText)
        .filter((c) => c !== '');
      out.push({
        title,
        xmlUrl,
        htmlUrl: (a.htmlUrl ?? a.htmlurl ?? '').trim(),
        categories: unique([...folders, ...extra]),
      });
    } else if (depth < MAX_FOLDER_DEPTH) {
      walk(o, title === '' ? folders : [...folders, title], out, seen, depth + 1);
    }
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
