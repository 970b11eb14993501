/**
 * @tributary/graph — the Neo4j projection: labels and schema, row builders from events, the batched
 * writer (UNWIND … MERGE, one transaction per batch), feed purge and the read queries.
 */
export { GraphError } from './errors.ts';
export type { GraphErrorCode } from './errors.ts';
export { graphLabels } from './labels.ts';
export type { GraphLabels } from './labels.ts';
export { graphConfigFromEnv, GRAPH_DEFAULTS } from './config.ts';
export type { GraphConfig } from './config.ts';
export { createGraphDriver } from './driver.ts';
export { schemaStatements, ensureGraphSchema, listGraphSchema } from './schema.ts';
export { ENTITY_TYPES, entityKey, entityId } from './entity.ts';
export type { EntityType } from './entity.ts';
export { normalizeUrl, extractLinks } from './links.ts';
export { feedRow, itemRow, mentionRow, itemId, tagName, lastPerKey } from './rows.ts';
export type { ItemUpsertInput, EnrichedInput, FeedRow, ItemRow, MentionRow } from './rows.ts';
export { GraphWriter, PURGE_CHUNK } from './writer.ts';
export { isTransientGraphError } from './transient.ts';
export type { PurgeResult } from './writer.ts';
export { countGraph, clearGraph } from './admin.ts';
export type { GraphCounts } from './admin.ts';
export * from './queries/index.ts';
