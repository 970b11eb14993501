/**
 * @tributary/events — the event contract and its plumbing: configuration and connection, stream
 * topology, subjects and message ids, versioned schemas with derived types, the codec, publishing
 * with trace propagation, and the durable consumer runner with its dead-letter queue.
 */
export { natsConfigFromEnv, NATS_DEFAULTS } from './config.ts';
export type { NatsConfig } from './config.ts';
export { connectNats, drainOrClose, STARTUP_WAIT_MS } from './connect.ts';
export type { ConnectOptions } from './connect.ts';
export { subjects, subjectRoot, prefixedName, itemMsgId, fetchDueMsgId } from './subjects.ts';
export type { Subjects } from './subjects.ts';
export {
  ensureTopology,
  topologyNames,
  desiredStreams,
  desiredFetchQueue,
  maxDeliveriesAdvisorySubject,
  TOPOLOGY_DEFAULTS,
  STREAMS,
} from './topology.ts';
export type { Topology, TopologyNames, TopologyOptions, StreamKey, EnsureResult } from './topology.ts';
export {
  SCHEMA_VERSION,
  EVENT_TYPES,
  FETCH_OUTCOMES,
  ENTITY_TYPES,
  eventSchemas,
  itemUpsertedEventSchema,
  itemEnrichedEventSchema,
  feedFetchedEventSchema,
  feedDeletedEventSchema,
  itemUpsertedDataSchema,
  itemEnrichedDataSchema,
  feedFetchedDataSchema,
  feedDeletedDataSchema,
  feedFetchDueDataSchema,
  FETCH_REASONS,
} from './schemas.ts';
export type {
  EventType,
  EventMap,
  EventOf,
  EventDataOf,
  TributaryEvent,
  ItemUpsertedEvent,
  ItemUpsertedData,
  ItemEnrichedEvent,
  ItemEnrichedData,
  FeedFetchedEvent,
  FeedFetchedData,
  FeedDeletedEvent,
  FeedDeletedData,
  FeedFetchDueEvent,
  FeedFetchDueData,
  FetchReason,
  FetchOutcome,
  EntityType,
} from './schemas.ts';
export { createEvent, encodeEvent, decodeEvent, decodeEventOf, validateEvent } from './codec.ts';
export type { CreateEventOptions } from './codec.ts';
export { publishEvent, EVENT_HEADERS } from './publish.ts';
export type { PublishEventOptions } from './publish.ts';
export { parseTraceparent, formatTraceparent, childTraceparent } from './trace.ts';
export type { TraceContext } from './trace.ts';
export { EventsError, PoisonMessageError } from './errors.ts';
export type { EventsErrorCode } from './errors.ts';
export * from './consumer/index.ts';
export { readDlq, groupDlq, showDlqMessage, redriveDlq } from './dlq-admin.ts';
export type { DlqRecord, DlqMessage, DlqGroup, RedriveSelection, RedriveResult } from './dlq-admin.ts';
export {
  ATTACH_WINDOW_MS,
  DURABLES,
  WORKER_CONSUMERS,
  WORKER_ROLES,
  consumerHealthOf,
  workersHealth,
} from './consumer-health.ts';
export type { ConsumerHealth, WorkerRole, WorkersHealth } from './consumer-health.ts';
