import type { GraphLabels } from '../labels.ts';

/**
 * `$feeds`: FeedRow[]. Feed properties follow the latest event; a deleted feed's tombstone
 * (`deletedAt`, see purge.ts) is left alone.
 */
export const upsertFeedsCypher = (L: GraphLabels) => `
UNWIND $feeds AS f
MERGE (n:\`${L.Feed}\` {uid: f.uid})
WITH n, f WHERE n.deletedAt IS NULL
SET n += f.props`;

/**
 * `$rows`: ItemRow[]. Writes only new or changed items (contentHash differs, and the event is not
 * older than the stored version — batches run concurrently and redeliveries come late), so a
 * redelivered message changes nothing; for a changed item it drops the relationships that depend on its
 * content (authors, tags, cited links and LINKS_TO both ways) for the next statements to rebuild.
 * Items of a deleted feed (tombstoned) are ignored: a late redelivery or a replay must not bring
 * them back. Returns the ids it wrote.
 */
export const upsertItemsCypher = (L: GraphLabels) => `
UNWIND $rows AS r
MATCH (f:\`${L.Feed}\` {uid: r.feedUid})
WHERE f.deletedAt IS NULL
MERGE (i:\`${L.Item}\` {id: r.id})
WITH f, i, r
WHERE (i.contentHash IS NULL OR i.contentHash <> r.props.contentHash)
  AND (i.eventAt IS NULL OR i.eventAt <= r.props.eventAt)
SET i += r.props
MERGE (f)-[:PUBLISHED]->(i)
WITH i, r
CALL (i) {
  OPTIONAL MATCH (i)-[old:WRITTEN_BY|TAGGED|CITES]->()
  DELETE old
}
CALL (i) {
  OPTIONAL MATCH (i)-[lt:LINKS_TO]-()
  DELETE lt
}
RETURN r.id AS id`;

/** `$rows`: the written ItemRows. */
export const linkAuthorsCypher = (L: GraphLabels) => `
UNWIND $rows AS r
MATCH (i:\`${L.Item}\` {id: r.id})
UNWIND r.authors AS a
MERGE (au:\`${L.Author}\` {name: a.name})
  ON CREATE SET au.email = a.email, au.uri = a.uri
MERGE (i)-[:WRITTEN_BY]->(au)`;

export const linkTagsCypher = (L: GraphLabels) => `
UNWIND $rows AS r
MATCH (i:\`${L.Item}\` {id: r.id})
UNWIND r.tags AS t
MERGE (tg:\`${L.Tag}\` {name: t})
MERGE (i)-[:TAGGED]->(tg)`;

/**
 * Outgoing links: remember each cited URL as a Link node (so an item arriving later can find its
 * citers), and connect to the items already known under that URL.
 */
export const citeLinksCypher = (L: GraphLabels) => `
UNWIND $rows AS r
MATCH (i:\`${L.Item}\` {id: r.id})
UNWIND r.links AS url
MERGE (l:\`${L.Link}\` {url: url})
MERGE (i)-[:CITES]->(l)
WITH i, url
MATCH (t:\`${L.Item}\` {link: url})
WHERE t <> i
MERGE (i)-[:LINKS_TO]->(t)`;

/** Incoming links: items seen earlier that cited this item's URL get their LINKS_TO now. */
export const incomingLinksCypher = (L: GraphLabels) => `
UNWIND $rows AS r
WITH r WHERE r.props.link IS NOT NULL
MATCH (:\`${L.Link}\` {url: r.props.link})<-[:CITES]-(s:\`${L.Item}\`)
MATCH (i:\`${L.Item}\` {id: r.id})
WHERE s <> i
MERGE (s)-[:LINKS_TO]->(i)`;
