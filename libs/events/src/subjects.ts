/**
 * Subject and name scheme (contract: docs/architecture.md "Event streams").
 * With a prefix `p`, subjects gain a leading `p.` segment and stream/consumer/KV names a `p_` prefix,
 * so that test suites sharing one server never see each other's messages.
 */

export function subjectRoot(prefix: string): string {
  return prefix === '' ? 'tributary' : `${prefix}.tributary`;
}

export function prefixedName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}_${name}`;
}

export interface Subjects {
  itemUpserted(feedUid: string): string;
  itemEnriched(feedUid: string): string;
  feedFetched(feedUid: string): string;
  feedDeleted(feedUid: string): string;
  /** A due fetch of one feed on the FETCHES work queue (pooled ingestion). */
  fetchDue(feedUid: string): string;
  /** Where the consumer runner republishes a dead message: `<root>.dlq.<stream>.<consumer>`. */
  deadLetter(stream: string, consumer: string): string;
  /** Wildcards, for stream configs and consumer filters. */
  all: {
    itemsUpserted: string;
    itemsEnriched: string;
    feedsFetched: string;
    feedsDeleted: string;
    feeds: string;
    fetchesDue: string;
    dlq: string;
  };
}

/** A NATS subject token must not contain `.`, `*`, `>` or whitespace. */
function token(value: string, what: string): string {
  if (value === '' || /[.*>\s]/.test(value))
    throw new Error(`invalid ${what} for a subject token: "${value}"`);
  return value;
}

export function subjects(prefix = ''): Subjects {
  const root = subjectRoot(prefix);
  return {
    itemUpserted: (uid) => `${root}.items.upserted.${token(uid, 'feed uid')}`,
    itemEnriched: (uid) => `${root}.items.enriched.${token(uid, 'feed uid')}`,
    feedFetched: (uid) => `${root}.feeds.fetched.${token(uid, 'feed uid')}`,
    feedDeleted: (uid) => `${root}.feeds.deleted.${token(uid, 'feed uid')}`,
    fetchDue: (uid) => `${root}.work.fetch.${token(uid, 'feed uid')}`,
    deadLetter: (stream, consumer) => `${root}.dlq.${token(stream, 'stream')}.${token(consumer, 'consumer')}`,
    all: {
      itemsUpserted: `${root}.items.upserted.>`,
      itemsEnriched: `${root}.items.enriched.>`,
      feedsFetched: `${root}.feeds.fetched.>`,
      feedsDeleted: `${root}.feeds.deleted.>`,
      feeds: `${root}.feeds.>`,
      fetchesDue: `${root}.work.fetch.>`,
      dlq: `${root}.dlq.>`,
    },
  };
}

/**
 * `Nats-Msg-Id` of an item.upserted event: `<feedUid>:<key>:<contentHash>`, so re-publishing an
 * unchanged item inside the duplicate window is dropped by the server, and a changed one is not.
 */
export function itemMsgId(feedUid: string, key: string, contentHash: string): string {
  return `${feedUid}:${key}:${contentHash}`;
}

/**
 * `Nats-Msg-Id` of a due fetch: `fetch:<feedUid>:<key>` where key is the due time in ms (or
 * `gen-N`, `initial`, `run-<id>`), so a scheduler republishing the same due fetch (a leader
 * failover, a retried reconcile) inside the work queue's duplicate window stores nothing.
 */
export function fetchDueMsgId(feedUid: string, key: string | number): string {
  return `fetch:${feedUid}:${key}`;
}
