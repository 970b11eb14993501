/**
 * Leader election on a coordination.k8s.io/v1 Lease, following client-go's leaderelection:
 * lease 15 s, renew deadline 10 s, retry 2 s. Expiry is judged on the local clock from when this
 * candidate last saw the lease record change (not the holder's renewTime), so clock skew between
 * nodes does not matter. On stop the leader releases the Lease so a successor starts at once.
 */
import type { KubeClient } from './client.ts';
import { isConflict, isNotFound } from './errors.ts';
import { resourcePath, resources } from './resource.ts';
import { sleep } from './backoff.ts';

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: LeaseSpec;
}

/** Pure: may `identity` take or keep the lease, given when we last saw its record change? */
export function canAcquire(spec: LeaseSpec, identity: string, observedAtMs: number, nowMs: number): boolean {
  const holder = spec.holderIdentity ?? '';
  if (holder === '' || holder === identity) return true;
  const durationMs = (spec.leaseDurationSeconds ?? 15) * 1000;
  return observedAtMs + durationMs <= nowMs;
}

export interface LeaderElectorOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * Called on becoming leader; `signal` aborts when leadership ends. The returned promise (the
   * leader's work winding down) is awaited before the lease is released.
   */
  onStartedLeading(signal: AbortSignal): Promise<void> | void;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
  onError?(err: unknown): void;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export class LeaderElector {
  private readonly o: Required<Omit<LeaderElectorOptions, 'onStoppedLeading' | 'onNewLeader' | 'onError'>> &
    LeaderElectorOptions;
  private observed: { record: string; at: number } = { record: '', at: 0 };
  private lastLeader = '';
  leading = false;

  constructor(opts: LeaderElectorOptions) {
    this.o = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...opts };
  }

  private path(name?: string) {
    return resourcePath(resources.leases, { namespace: this.o.namespace, ...(name ? { name } : {}) });
  }

  /** One acquire-or-renew attempt; true when we hold the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { client, identity, name, namespace } = this.o;
    const now = Date.now();
    const durationSeconds = Math.round(this.o.leaseDurationMs / 1000);
    let lease: Lease;
    try {
      lease = await client.get<Lease>(this.path(name));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const created: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds: durationSeconds,
          acquireTime: iso(now),
          renewTime: iso(now),
          leaseTransitions: 0,
        },
      };
      try {
        await client.request('POST', this.path(), { body: created });
      } catch (e) {
        if (isConflict(e) || (e as { statusCode?: number }).statusCode === 409) return false;
        throw e;
      }
      this.observe(created.spec, now);
      return true;
    }
    const spec = lease.spec ?? {};
    this.observe(spec, now);
    if (!canAcquire(spec, identity, this.observed.at, now)) return false;
    const holder = spec.holderIdentity ?? '';
    const next: LeaseSpec = {
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      renewTime: iso(now),
      ...(holder === identity
        ? {}
        : { acquireTime: iso(now), leaseTransitions: (spec.leaseTransitions ?? 0) + (holder ? 1 : 0) }),
    };
    try {
      // PUT with the read resourceVersion: a concurrent candidate's write makes this a 409.
      await client.request('PUT', this.path(name), { body: { ...lease, spec: next } });
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    this.observe(next, now);
    return true;
  }

  private observe(spec: LeaseSpec, now: number): void {
    const record = `${spec.holderIdentity ?? ''}|${spec.renewTime ?? ''}|${spec.leaseDurationSeconds ?? ''}`;
    if (record !== this.observed.record) this.observed = { record, at: now };
    const holder = spec.holderIdentity ?? '';
    if (holder && holder !== this.lastLeader) {
      this.lastLeader = holder;
      this.o.onNewLeader?.(holder);
    }
  }

  /** Gives the lease up (holder cleared, 1 s duration) so another candidate takes over at once. */
  async release(): Promise<void> {
    try {
      const lease = await this.o.client.get<Lease>(this.path(this.o.name));
      if ((lease.spec?.holderIdentity ?? '') !== this.o.identity) return;
      const now = Date.now();
      await this.o.client.request('PUT', this.path(this.o.name), {
        body: {
          ...lease,
          spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1, renewTime: iso(now) },
        },
      });
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  /**
   * Campaigns until `signal` aborts: acquire (retrying every retryPeriod with jitter), lead while
   * renewals succeed within renewDeadline, then campaign again. Releases the lease on abort.
   */
  async run(signal: AbortSignal): Promise<void> {
    const jitter = () => this.o.retryPeriodMs * (1 + Math.random() * 0.2);
    while (!signal.aborted) {
      if (!(await this.attempt())) {
        await sleep(jitter(), signal);
        continue;
      }
      const leading = new AbortController();
      this.leading = true;
      const work = Promise.resolve()
        .then(() => this.o.onStartedLeading(leading.signal))
        .catch((err: unknown) => this.o.onError?.(err));
      let lastRenew = Date.now();
      while (!signal.aborted) {
        await sleep(this.o.retryPeriodMs, signal);
        if (signal.aborted) break;
        if (await this.attempt()) lastRenew = Date.now();
        else if (Date.now() - lastRenew >= this.o.renewDeadlineMs) break;
      }
      leading.abort();
      await work;
      this.leading = false;
      if (signal.aborted) await this.release();
      this.o.onStoppedLeading?.();
    }
  }

  private async attempt(): Promise<boolean> {
    try {
      return await this.tryAcquireOrRenew();
    } catch (err) {
      this.o.onError?.(err);
      return false;
    }
  }
}
