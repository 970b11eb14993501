/**
 * Entity identity (`Entity.id = type + ':' + normalized name`). Lives here, not in the enricher,
 * because it is the graph's key: every writer and reader must compute it the same way.
 * No driver import, so the enricher can use it without loading neo4j-driver.
 */
export const ENTITY_TYPES = ['person', 'organization', 'place', 'topic'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * The identity of a name: lower case, diacritics folded (São → sao), dots in abbreviations
 * dropped (U.S. → us), apostrophes dropped, other punctuation as spaces, leading '#' dropped.
 */
export function entityKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/^#/u, '')
    .replace(/\.(?=\p{L}|$|\s)/gu, '')
    .replace(/['’]/gu, '')
    .replace(/[^\p{L}\p{N}&+]+/gu, ' ')
    .trim();
}

export function entityId(type: EntityType, name: string): string {
  return `${type}:${entityKey(name)}`;
}
