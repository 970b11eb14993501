import type { FeedFormat } from '../model.ts';
import { skipDeclaration } from '../xml/tokenizer.ts';

/** Where detection looks for the root element: prologs, comments and DOCTYPEs are short. */
const SCAN_LIMIT = 64 * 1024;

/**
 * The document's format from its content alone (never the URL or Content-Type, which lie):
 * JSON Feed by a leading `{`, XML formats by the root element, its version attribute and
 * namespace (as Miniflux's parser/format.go). null: not a feed (an HTML page, other XML, junk).
 */
export function detectFormat(src: string): FeedFormat | null {
  let i = 0;
  const n = Math.min(src.length, SCAN_LIMIT);
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 0xfeff || c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === 123 /* { */) return src.includes('jsonfeed.org/version/1.1') ? 'json1.1' : 'json1.0';
    if (c !== 60 /* < */) {
      // Leading junk before the prolog (seen on misconfigured servers): skip to the first '<'.
      const lt = src.indexOf('<', i);
      if (lt === -1 || lt >= n) return null;
      i = lt;
      continue;
    }
    const next = src.charCodeAt(i + 1);
    if (next === 63 /* ? */) {
      i = after(src, '?>', i + 2);
    } else if (src.startsWith('<!--', i)) {
      i = after(src, '-->', i + 4);
    } else if (next === 33 /* ! */) {
      i = skipDeclaration(src, i);
    } else {
      return rootFormat(src.slice(i, Math.min(src.length, i + 4096)));
    }
  }
  return null;
}

function after(src: string, token: string, from: number): number {
  const at = src.indexOf(token, from);
  return at === -1 ? src.length : at + token.length;
}

function rootFormat(tag: string): FeedFormat | null {
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)/.exec(tag);
  if (m === null) return null;
  const local = m[2] as string;
  const attrs = m[3] ?? '';
  const version = /\sversion\s*=\s*["']\s*([^"']*)["']/.exec(attrs)?.[1]?.trim() ?? '';
  switch (local.toLowerCase()) {
    case 'rss':
      return /^0\.9/.test(version) ? 'rss0.9x' : 'rss2.0';
    case 'rdf':
      return 'rdf';
    case 'feed':
      return attrs.includes('http://purl.org/atom/ns#') || version === '0.3' ? 'atom0.3' : 'atom1.0';
    default:
      return null;
  }
}
