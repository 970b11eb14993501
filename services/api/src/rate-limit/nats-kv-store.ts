/**
 * A fixed-window express-rate-limit Store on a NATS JetStream KV bucket, so several API replicas
 * share counters through a server we already run. Each (key, window) is one KV entry incremented
 * with compare-and-set; the bucket's TTL drops old windows.
 */
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

const MAX_CAS_ATTEMPTS = 16;

export class NatsKvRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly bucket: string;
  private readonly nc: NatsConnection;
  private windowMs = 60_000;
  private kv: Promise<KV> | undefined;

  constructor(nc: NatsConnection, bucket: string, prefix: string) {
    this.nc = nc;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private open(): Promise<KV> {
    this.kv ??= new Kvm(this.nc).create(this.bucket, { ttl: this.windowMs * 2, history: 1 });
    return this.kv;
  }

  private entryKey(key: string, window: number): string {
    // KV keys allow [-/_=.a-zA-Z0-9]; IPv6 addresses and emails do not fit, so encode.
    return `${this.prefix}.${Buffer.from(key).toString('base64url')}.${window}`;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const kv = await this.open();
    const window = Math.floor(Date.now() / this.windowMs);
    const resetTime = new Date((window + 1) * this.windowMs);
    const k = this.entryKey(key, window);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const cur = await kv.get(k);
      try {
        if (!cur || cur.operation !== 'PUT') {
          await kv.create(k, '1');
          return { totalHits: 1, resetTime };
        }
        const hits = Number(cur.string()) + 1;
        await kv.update(k, String(hits), cur.revision);
        return { totalHits: hits, resetTime };
      } catch {
        // Another replica won the compare-and-set: read again.
      }
    }
    throw new Error(`rate-limit counter ${k} is too contended`);
  }

  async decrement(key: string): Promise<void> {
    const kv = await this.open();
    const k = this.entryKey(key, Math.floor(Date.now() / this.windowMs));
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const cur = await kv.get(k);
      if (!cur || cur.operation !== 'PUT') return;
      try {
        await kv.update(k, String(Math.max(0, Number(cur.string()) - 1)), cur.revision);
        return;
      } catch {
        // retry
      }
    }
  }

  async resetKey(key: string): Promise<void> {
    const kv = await this.open();
    await kv.purge(this.entryKey(key, Math.floor(Date.now() / this.windowMs)));
  }
}
