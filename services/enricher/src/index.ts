export { extractEntities } from './extract.ts';
export type { ExtractedEntity } from './extract.ts';
export { enrichItem, enrichedMsgId } from './enrich.ts';
export type { EnrichInput, EnrichedData } from './enrich.ts';
export { htmlToText, itemText, MAX_TEXT_CHARS } from './text.ts';
export { displayName, isJunkKey, entityKey } from './normalize.ts';
export { runEnrichWorker, enrichHandler, ENRICH_DURABLE } from './worker.ts';
export type { EnrichWorkerOptions } from './worker.ts';
