/**
 * The normalized feed model: the contract printed by `tributary feed parse --json` and carried by
 * `item.upserted` events (docs/architecture.md, "Normalized feed JSON").
 *
 * One source of truth: the JSON Schemas below; the TypeScript types are derived from them.
 * Sub-schemas carry no `$id` so they can be embedded any number of times (event schemas do).
 * Every field is always present: no value is `null` (scalars that may be unknown) or `''` / `[]`.
 */
import type { FromSchema } from 'json-schema-to-ts';

const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const normalizedAuthorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'email', 'uri'],
  properties: {
    name: { type: 'string' },
    email: { type: 'string' },
    uri: { type: 'string' },
  },
} as const;

export const enclosureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'type', 'length'],
  properties: {
    url: { type: 'string' },
    type: { type: 'string' },
    /** Bytes; 0 when the document does not say. */
    length: { type: 'integer', minimum: 0 },
  },
} as const;

export const FEED_FORMATS = ['rss2.0', 'rss0.9x', 'rdf', 'atom1.0', 'atom0.3', 'json1.0', 'json1.1'] as const;

export const normalizedFeedSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'format',
    'title',
    'link',
    'feedUrl',
    'description',
    'language',
    'updated',
    'authors',
    'categories',
    'image',
    'generator',
    'ttlMinutes',
    'hubs',
  ],
  properties: {
    format: { type: 'string', enum: FEED_FORMATS },
    title: { type: 'string' },
    /** The site (HTML) link. */
    link: { type: 'string' },
    /** The feed's own URL (rel=self, or the URL it was fetched from). */
    feedUrl: { type: 'string' },
    description: { type: 'string' },
    language: { type: 'string' },
    updated: nullableDateTime,
    authors: { type: 'array', items: normalizedAuthorSchema },
    categories: { type: 'array', items: { type: 'string' } },
    image: { type: 'string' },
    generator: { type: 'string' },
    ttlMinutes: { type: ['integer', 'null'], minimum: 0 },
    /** WebSub hubs (rel=hub). */
    hubs: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const normalizedItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'key',
    'guid',
    'link',
    'title',
    'summary',
    'content',
    'published',
    'updated',
    'authors',
    'categories',
    'enclosures',
    'contentHash',
    'language',
  ],
  properties: {
    /** Stable dedup key within the feed: guid → link → hash of title + content. */
    key: { type: 'string', minLength: 1 },
    guid: { type: 'string' },
    link: { type: 'string' },
    title: { type: 'string' },
    /** Sanitized HTML. */
    summary: { type: 'string' },
    /** Sanitized HTML. */
    content: { type: 'string' },
    published: nullableDateTime,
    updated: nullableDateTime,
    authors: { type: 'array', items: normalizedAuthorSchema },
    categories: { type: 'array', items: { type: 'string' } },
    enclosures: { type: 'array', items: enclosureSchema },
    /** sha256 hex over the normalized title + content + link. */
    contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    language: { type: 'string' },
  },
} as const;

export const parsedFeedSchema = {
  $id: 'https://tributary.dev/schemas/parsed-feed.json',
  type: 'object',
  additionalProperties: false,
  required: ['feed', 'items'],
  properties: {
    feed: normalizedFeedSchema,
    items: { type: 'array', items: normalizedItemSchema },
  },
} as const;

export type FeedFormat = (typeof FEED_FORMATS)[number];
export type NormalizedAuthor = FromSchema<typeof normalizedAuthorSchema>;
export type Enclosure = FromSchema<typeof enclosureSchema>;
export type NormalizedFeed = FromSchema<typeof normalizedFeedSchema>;
export type NormalizedItem = FromSchema<typeof normalizedItemSchema>;
/** What `parseFeed` returns and `feed parse --json` prints. */
export type ParsedFeed = FromSchema<typeof parsedFeedSchema>;
