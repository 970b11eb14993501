import type { ParsedFeed } from '../model.ts';
import { ParseError } from '../errors.ts';

export interface ParseOptions {
  /** The URL the document was fetched from: base for relative links and the default `feedUrl`. */
  url?: string;
  /** The HTTP Content-Type (its charset parameter is used when the bytes are not valid UTF-8). */
  contentType?: string;
}

/** Parses and normalizes one feed document. Throws only ParseError for bad input. */
export function parseFeed(_body: Uint8Array | string, _options: ParseOptions = {}): ParsedFeed {
  throw new ParseError('unknown-format', 'parser not built yet');
}
