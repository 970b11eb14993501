export { readRows, MAX_LIMIT } from './read.ts';
export type { GraphReadContext, ItemSummary } from './read.ts';
export { topEntities, itemsMentioning } from './entities.ts';
export type { EntityCount } from './entities.ts';
export { relatedItems } from './related.ts';
export type { RelatedItem } from './related.ts';
export { neighborhood } from './neighborhood.ts';
export type { Neighborhood, GraphNode, GraphEdge } from './neighborhood.ts';
