/**
 * Per-host fetch slots shared by every ingest worker replica: `limit` keys per host in a KV bucket
 * with a TTL; taking a slot is `create` (only one replica wins a key), giving it back is a delete
 * guarded by our revision, and a crashed holder's slot frees itself when the TTL expires (a holder
 * refreshes it while fetching). Chosen over per-host subjects because a consumer per host does not
 * scale to thousands of hosts, while a slot costs two KV operations per fetch (docs/ingest-modes.md).
 */
import { StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { prefixedName } from '@tributary/events';
import { isConflict } from './state-store.ts';

export const HOST_SLOT_DEFAULTS = {
  /** A slot outlives a crashed holder by at most this long (holders refresh it every third of it). */
  ttlMs: 60_000,
} as const;

export interface HostSlots {
  /** A release function when a slot for `host` was free, else null (try later). */
  tryAcquire(host: string, owner: string): Promise<(() => Promise<void>) | null>;
}

export async function openHostSlots(
  nc: NatsConnection,
  prefix: string,
  limit: number,
  opts: { ttlMs?: number; storage?: 'file' | 'memory' } = {},
): Promise<HostSlots> {
  const ttlMs = opts.ttlMs ?? HOST_SLOT_DEFAULTS.ttlMs;
  const kv: KV = await new Kvm(nc).create(prefixedName(prefix, 'fetch-hosts'), {
    history: 1,
    ttl: ttlMs,
    storage: opts.storage === 'memory' ? StorageType.Memory : StorageType.File,
  });
  const keyOf = (host: string, slot: number) => `${host.toLowerCase().replace(/[^a-z0-9-]/g, '_')}.${slot}`;
  return {
    async tryAcquire(host, owner) {
      for (let slot = 0; slot < limit; slot++) {
        const key = keyOf(host, slot);
        let revision: number;
        try {
          revision = await kv.create(key, owner);
        } catch (err) {
          if (isConflict(err)) continue;
          throw err;
        }
        const refresh = setInterval(() => {
          kv.update(key, owner, revision).then(
            (r) => (revision = r),
            () => undefined,
          );
        }, ttlMs / 3);
        return async () => {
          clearInterval(refresh);
          await kv.delete(key, { previousSeq: revision }).catch(() => undefined);
        };
      }
      return null;
    },
  };
}
