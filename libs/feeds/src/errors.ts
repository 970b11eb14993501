/** Why a document could not be parsed. Stable strings: logged, put in events and tested. */
export type ParseErrorCode =
  /** Empty body or only whitespace. */
  | 'empty'
  /** Not a feed format we know (HTML page, unknown XML root, JSON without feed shape). */
  | 'unknown-format'
  /** The document looked like XML/JSON but is broken beyond recovery. */
  | 'malformed'
  /** Input larger than the parser's limit, or nesting too deep. */
  | 'too-large'
  /** OPML document without a body/outlines. */
  | 'invalid-opml'
  /** A bug in the parser surfaced while reading this input (reported, never expected). */
  | 'internal';

/** The only error the parser throws for bad input. */
export class ParseError extends Error {
  override name = 'ParseError';
  readonly code: ParseErrorCode;
  constructor(code: ParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
