import { adaptAtom } from '../atom/adapter.ts';
import { readAtom } from '../atom/reader.ts';
import { decodeBody } from '../encoding/decode.ts';
import { ParseError } from '../errors.ts';
import { adaptJsonFeed } from '../json/adapter.ts';
import { readJsonFeed } from '../json/reader.ts';
import type { FeedFormat, ParsedFeed } from '../model.ts';
import { adaptRdf } from '../rdf/adapter.ts';
import { readRdf } from '../rdf/reader.ts';
import { adaptRss } from '../rss/adapter.ts';
import { readRssChannel } from '../rss/reader.ts';
import { parseXml } from '../xml/tokenizer.ts';
import { detectFormat } from './detect.ts';
import { assertFieldSizes } from './size-check.ts';

export interface ParseOptions {
  /** The URL the document was fetched from: base for relative links and the default `feedUrl`. */
  url?: string;
  /** The HTTP Content-Type (its charset parameter is used when the bytes are not valid UTF-8). */
  contentType?: string;
}

/** Larger documents are refused (the fetcher caps bodies at 15 MiB by default). */
export const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

/**
 * Parses and normalizes one feed document: decode → detect format → raw reader → adapter.
 * Throws only ParseError: `empty`, `unknown-format`, `malformed`, `too-large` (document, item
 * count, node count or one field over its limit in limits.ts) for bad input;
 * `internal` if a parser bug surfaced (with the original error as cause).
 */
export function parseFeed(body: Uint8Array | string, options: ParseOptions = {}): ParsedFeed {
  const text = typeof body === 'string' ? body : decodeBody(body, options.contentType);
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new ParseError('too-large', `document of ${text.length} characters exceeds ${MAX_DOCUMENT_CHARS}`);
  }
  if (text.trim() === '' || text === '\ufeff') throw new ParseError('empty', 'empty document');
  const format = detectFormat(text);
  if (format === null) throw new ParseError('unknown-format', 'not an RSS, RDF, Atom or JSON feed');
  try {
    const parsed = parseAs(format, text, options.url);
    assertFieldSizes(parsed);
    return parsed;
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError('internal', `parser error: ${(err as Error).message}`, { cause: err });
  }
}

function parseAs(format: FeedFormat, text: string, url: string | undefined): ParsedFeed {
  if (format === 'json1.0' || format === 'json1.1') return adaptJsonFeed(readJsonFeed(text), url);
  const doc = parseXml(text);
  if (format === 'rdf') return adaptRdf(readRdf(doc.root), doc, url);
  if (format === 'atom1.0' || format === 'atom0.3') return adaptAtom(readAtom(doc.root), doc, format, url);
  const channel = doc.root.children.find((c) => c.local === 'channel' && c.ns === '');
  // No <channel>: some generators put items straight under <rss>; read the root as the channel.
  return adaptRss(readRssChannel(channel ?? doc.root), { doc, format, url });
}
