export {
  normalizedAuthorSchema,
  enclosureSchema,
  normalizedFeedSchema,
  normalizedItemSchema,
  parsedFeedSchema,
  FEED_FORMATS,
} from './model.ts';
export type {
  FeedFormat,
  NormalizedAuthor,
  Enclosure,
  NormalizedFeed,
  NormalizedItem,
  ParsedFeed,
} from './model.ts';
export { ParseError } from './errors.ts';
export type { ParseErrorCode } from './errors.ts';
export { parseFeed } from './parse/index.ts';
export type { ParseOptions } from './parse/index.ts';
export { parseOpml } from './opml/import.ts';
export type { OpmlDocument, OpmlFeed } from './opml/import.ts';
export { buildOpml } from './opml/export.ts';
