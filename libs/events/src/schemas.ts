/**
 * The event contract: one JSON Schema per event type (the single source of truth); TypeScript
 * types are derived with json-schema-to-ts and validators compiled from the same objects (codec.ts).
 * Bump SCHEMA_VERSION on any incompatible change, and keep decoding the previous one.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { normalizedItemSchema } from '@tributary/feeds';

export const SCHEMA_VERSION = 1;

const nonEmpty = { type: 'string', minLength: 1 } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** The envelope fields every event carries (the contract's schemaVersion, eventId, occurredAt). */
const envelopeRequired = ['schemaVersion', 'eventId', 'occurredAt', 'type', 'data'] as const;
const envelopeProperties = {
  schemaVersion: { const: SCHEMA_VERSION },
  eventId: { type: 'string', format: 'uuid' },
  occurredAt: dateTime,
} as const;

const feedIdentity = {
  uid: nonEmpty,
  namespace: nonEmpty,
  name: nonEmpty,
} as const;

export const itemUpsertedDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['feed', 'item'],
  properties: {
    feed: {
      type: 'object',
      additionalProperties: false,
      required: ['uid', 'namespace', 'name', 'url', 'tags', 'enrichEntities'],
      properties: {
        ...feedIdentity,
        url: nonEmpty,
        tags: { type: 'array', items: { type: 'string' } },
        enrichEntities: { type: 'boolean' },
      },
    },
    item: normalizedItemSchema,
  },
} as const;

export const FETCH_OUTCOMES = ['updated', 'not-modified', 'unchanged', 'skipped', 'failed', 'gone'] as const;

export const feedFetchedDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'feed',
    'startedAt',
    'finishedAt',
    'durationMs',
    'outcome',
    'httpStatus',
    'bytes',
    'itemsSeen',
    'itemsPublished',
    'lastItemTime',
    'errorClass',
    'errorMessage',
    'effectiveUrl',
    'consecutiveFailures',
    'nextFetchAt',
    'retryAfter',
    'hubs',
  ],
  properties: {
    feed: {
      type: 'object',
      additionalProperties: false,
      required: ['uid', 'namespace', 'name', 'url'],
      properties: { ...feedIdentity, url: nonEmpty },
    },
    startedAt: dateTime,
    finishedAt: dateTime,
    durationMs: { type: 'number', minimum: 0 },
    outcome: { type: 'string', enum: FETCH_OUTCOMES },
    httpStatus: { type: ['integer', 'null'] },
    bytes: count,
    itemsSeen: count,
    itemsPublished: count,
    lastItemTime: nullableDateTime,
    errorClass: nullableString,
    errorMessage: nullableString,
    effectiveUrl: nullableString,
    consecutiveFailures: count,
    nextFetchAt: nullableDateTime,
    retryAfter: nullableDateTime,
    hubs: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const feedDeletedDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['feed'],
  properties: {
    feed: {
      type: 'object',
      additionalProperties: false,
      required: ['uid', 'namespace', 'name'],
      properties: feedIdentity,
    },
  },
} as const;

export const ENTITY_TYPES = ['person', 'organization', 'place', 'topic'] as const;

export const itemEnrichedDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['feedUid', 'itemKey', 'entities'],
  properties: {
    feedUid: nonEmpty,
    itemKey: nonEmpty,
    entities: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type', 'count'],
        properties: {
          name: nonEmpty,
          type: { type: 'string', enum: ENTITY_TYPES },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

/**
 * A due fetch of one Feed, published by the operator's scheduler on the FETCHES work queue (pooled
 * mode) and consumed by one ingest worker. It carries the Feed as the job's TRIBUTARY_FEED does, so
 * the worker needs no apiserver access; `dueAt` is the scheduled time (with the uid, its message id).
 */
export const FETCH_REASONS = ['scheduled', 'initial', 'spec-changed', 'run-now'] as const;
export const feedFetchDueDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['feed', 'dueAt', 'reason', 'force'],
  properties: {
    feed: {
      type: 'object',
      additionalProperties: false,
      required: ['uid', 'namespace', 'name', 'generation', 'spec'],
      properties: {
        ...feedIdentity,
        generation: count,
        // The Feed's spec as the apiserver admitted it (the CRD schema validated it).
        spec: { type: 'object', required: ['url'], properties: { url: nonEmpty } },
      },
    },
    dueAt: dateTime,
    reason: { type: 'string', enum: FETCH_REASONS },
    /** Fetch even when the fetch state says not due (run-now, a new Feed or URL). */
    force: { type: 'boolean' },
  },
} as const;

/** The envelope schema of one event type around its data schema. */
function envelope<const Id extends string, const T extends string, const D>(id: Id, type: T, data: D) {
  return {
    $id: id,
    type: 'object',
    additionalProperties: false,
    required: envelopeRequired,
    properties: { ...envelopeProperties, type: { const: type }, data },
  } as const;
}

export const itemUpsertedEventSchema = envelope(
  'https://tributary.dev/schemas/events/item.upserted.json',
  'item.upserted',
  itemUpsertedDataSchema,
);
export const feedFetchedEventSchema = envelope(
  'https://tributary.dev/schemas/events/feed.fetched.json',
  'feed.fetched',
  feedFetchedDataSchema,
);
export const feedDeletedEventSchema = envelope(
  'https://tributary.dev/schemas/events/feed.deleted.json',
  'feed.deleted',
  feedDeletedDataSchema,
);
export const feedFetchDueEventSchema = envelope(
  'https://tributary.dev/schemas/events/feed.fetch-due.json',
  'feed.fetch-due',
  feedFetchDueDataSchema,
);
export const itemEnrichedEventSchema = envelope(
  'https://tributary.dev/schemas/events/item.enriched.json',
  'item.enriched',
  itemEnrichedDataSchema,
);

/** Every event type and its schema. */
export const eventSchemas = {
  'item.upserted': itemUpsertedEventSchema,
  'item.enriched': itemEnrichedEventSchema,
  'feed.fetched': feedFetchedEventSchema,
  'feed.deleted': feedDeletedEventSchema,
  'feed.fetch-due': feedFetchDueEventSchema,
} as const;

export type EventType = keyof typeof eventSchemas;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];

export type FetchOutcome = (typeof FETCH_OUTCOMES)[number];
export type EntityType = (typeof ENTITY_TYPES)[number];

export type ItemUpsertedData = FromSchema<typeof itemUpsertedDataSchema>;
export type FeedFetchedData = FromSchema<typeof feedFetchedDataSchema>;
export type FeedDeletedData = FromSchema<typeof feedDeletedDataSchema>;
export type ItemEnrichedData = FromSchema<typeof itemEnrichedDataSchema>;
export type FeedFetchDueData = FromSchema<typeof feedFetchDueDataSchema>;
export type FetchReason = (typeof FETCH_REASONS)[number];

export type ItemUpsertedEvent = FromSchema<typeof itemUpsertedEventSchema>;
export type FeedFetchedEvent = FromSchema<typeof feedFetchedEventSchema>;
export type FeedDeletedEvent = FromSchema<typeof feedDeletedEventSchema>;
export type ItemEnrichedEvent = FromSchema<typeof itemEnrichedEventSchema>;
export type FeedFetchDueEvent = FromSchema<typeof feedFetchDueEventSchema>;

/** The event (envelope + data) of one type. */
export interface EventMap {
  'item.upserted': ItemUpsertedEvent;
  'item.enriched': ItemEnrichedEvent;
  'feed.fetched': FeedFetchedEvent;
  'feed.deleted': FeedDeletedEvent;
  'feed.fetch-due': FeedFetchDueEvent;
}
export type EventOf<T extends EventType> = EventMap[T];
export type EventDataOf<T extends EventType> = EventMap[T]['data'];
export type TributaryEvent = EventMap[EventType];
