/**
 * Fetch state in the JetStream KV bucket, read with its revision and written with compare-and-set,
 * so two runs of the same feed (a manual `feed run` racing the CronJob) cannot silently overwrite
 * each other: the loser sees a conflict and re-decides from the winner's state.
 */
import { JetStreamApiCodes, JetStreamApiError, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { prefixedName } from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';

/** The ingestor's private bucket (ETag, Last-Modified, body hash, failures, next due per feed/host). */
export const fetchStateBucket = (prefix = '') => prefixedName(prefix, 'fetch-state');

/**
 * Opens (creating if missing) the fetch-state bucket with the deployment's replicas and storage.
 * History 1: only the latest value counts, updates are compare-and-set on its revision.
 */
export function openFetchStateKv(
  nc: NatsConnection,
  prefix = '',
  options: Pick<TopologyOptions, 'replicas' | 'storage'> = {},
): Promise<KV> {
  return new Kvm(nc).create(fetchStateBucket(prefix), {
    history: 1,
    replicas: options.replicas ?? 1,
    storage: options.storage === 'memory' ? StorageType.Memory : StorageType.File,
  });
}

export class StateConflictError extends Error {
  override name = 'StateConflictError';
}

export interface Versioned<T> {
  value: T | null;
  /** KV revision of the value; 0 when the key does not exist. */
  revision: number;
}

export const feedKey = (uid: string) => `feed.${uid}`;

/** `host.<hostname>_<port>` with characters KV keys do not allow replaced. */
export function hostKey(host: string): string {
  return `host.${host.toLowerCase().replace(/[^a-z0-9.-]/g, '_')}`;
}

export async function readState<T>(kv: KV, key: string): Promise<Versioned<T>> {
  const entry = await kv.get(key);
  if (!entry) return { value: null, revision: 0 };
  if (entry.operation !== 'PUT' || entry.length === 0) return { value: null, revision: entry.revision };
  return { value: entry.json<T>(), revision: entry.revision };
}

/** A compare-and-set write lost: the key changed (or exists, for create). */
export function isConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

/** Writes `value` only if the key is still at `revision` (0 = must not exist). Returns the new revision. */
export async function writeState<T>(kv: KV, key: string, value: T, revision: number): Promise<number> {
  const data = JSON.stringify(value);
  try {
    return revision === 0 ? await kv.create(key, data) : await kv.update(key, data, revision);
  } catch (err) {
    if (isConflict(err))
      throw new StateConflictError(`${key} changed since revision ${revision}`, { cause: err });
    throw err;
  }
}

/** Read-modify-write with CAS, retrying on conflict. `change` returning null means "no write". */
export async function updateState<T>(
  kv: KV,
  key: string,
  change: (current: T | null) => T | null,
  maxAttempts = 5,
): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    const { value, revision } = await readState<T>(kv, key);
    const next = change(value);
    if (next === null) return value;
    try {
      await writeState(kv, key, next, revision);
      return next;
    } catch (err) {
      if (!(err instanceof StateConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}
