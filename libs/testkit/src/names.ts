import { randomBytes } from 'node:crypto';

/**
 * A short unique id per suite (lowercase letters and digits, starts with a letter), usable in
 * database names, Kubernetes names, NATS stream/subject tokens and Neo4j labels.
 */
export function suiteId(): string {
  const time = Date.now().toString(36).slice(-5);
  return `t${time}${randomBytes(3).toString('hex')}`;
}

/** Names derived from one suite id; each kind follows its server's naming rules. */
export function resourceNames(id: string) {
  return {
    /** Postgres database n of this suite: t…_n (lowercase; no quoting surprises). */
    database: (n: number) => `${id}_${n}`,
    /** Kubernetes namespace n of this suite: t…-n (a DNS label). */
    namespace: (n: number) => `${id}-${n}`,
    /** Prefix for JetStream stream, consumer and KV bucket names: `${prefix}_ITEMS`. */
    natsPrefix: id,
    /** Prefix for subjects: `${prefix}.tributary.items.>`. */
    natsSubjectPrefix: id,
    /** Prefix for Neo4j labels (Community has a single user database): `${prefix}Item`. */
    neo4jLabelPrefix: `T${id.slice(1)}_`,
  };
}

/** Whether a JetStream stream name belongs to a suite (plain streams, KV buckets and object stores). */
export function streamBelongsTo(stream: string, natsPrefix: string): boolean {
  return [`${natsPrefix}_`, `KV_${natsPrefix}_`, `OBJ_${natsPrefix}_`].some((p) => stream.startsWith(p));
}

/** Replaces the database name of a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
