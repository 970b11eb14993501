/**
 * A resilient list+watch cache. It guards the known failure modes of @kubernetes/client-node's
 * informer (kubernetes-client/javascript #364, #447, #596, #958, #1496):
 * - every watch carries `timeoutSeconds` (randomised, as client-go does) so the server ends it;
 * - a no-event watchdog aborts a silently stalled (half-open) watch; bookmarks keep quiet watches alive;
 * - 410 Gone → relist; any other error (ECONNRESET, failed relist, 5xx) → jittered backoff restart,
 *   never an unhandled rejection and never a silent stop;
 * - periodic resync re-delivers every cached object, and a periodic relist repairs the cache.
 */
import type { KubeClient, WatchEvent } from './client.ts';
import type { KubeObject } from './objects.ts';
import { listAll } from './objects.ts';
import type { ResourceRef } from './resource.ts';
import { apiVersionOf, objectKey, resourcePath } from './resource.ts';
import { isGone } from './errors.ts';
import { exponentialBackoff, sleep } from './backoff.ts';

export interface InformerHandlers<T> {
  add?(obj: T): void;
  /** `old === obj` on a periodic resync. */
  update?(old: T, obj: T): void;
  delete?(obj: T): void;
}

export type RestartReason = 'timeout' | 'watchdog' | 'gone' | 'error';

export interface InformerOptions<T> {
  client: KubeClient;
  resource: ResourceRef;
  /** Watch one namespace; all namespaces when unset. */
  namespace?: string | undefined;
  labelSelector?: string;
  handlers: InformerHandlers<T>;
  /** Server-side watch timeout range; each watch picks a random value in [min, 2*min). Default 300 s. */
  watchTimeoutSeconds?: number;
  /** Abort a watch that delivered nothing (not even a bookmark) for this long. Default 150 s. */
  watchdogMs?: number;
  /** Re-deliver every cached object this often (0 = never). Default 10 min. */
  resyncMs?: number;
  /** Full relist this often on the next watch restart. Default 30 min. */
  relistMs?: number;
  onRestart?(reason: RestartReason, err?: unknown): void;
  onError?(err: unknown): void;
}

export class Informer<T extends KubeObject> {
  private readonly opts: InformerOptions<T>;
  private readonly store = new Map<string, T>();
  private resourceVersion = '';
  private lastListAt = 0;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(opts: InformerOptions<T>) {
    this.opts = opts;
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(): T[] {
    return [...this.store.values()];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves after the first successful list (or when the signal aborts). */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.syncWaiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Runs until the signal aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = exponentialBackoff(500, 30_000);
    const resync = this.opts.resyncMs ?? 600_000;
    const timer = resync > 0 ? setInterval(() => this.resync(), resync) : undefined;
    try {
      while (!signal.aborted) {
        try {
          const relistDue = Date.now() - this.lastListAt > (this.opts.relistMs ?? 1_800_000);
          if (!this.resourceVersion || relistDue) await this.relist(signal);
          const reason = await this.watchOnce(signal);
          backoff.reset();
          if (signal.aborted) break;
          this.opts.onRestart?.(reason);
        } catch (err) {
          if (signal.aborted) break;
          if (isGone(err)) {
            this.resourceVersion = '';
            this.opts.onRestart?.('gone', err);
            continue;
          }
          this.opts.onRestart?.('error', err);
          await sleep(backoff.next(), signal);
        }
      }
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private selfDescribe(obj: T, kind: string): T {
    // managedFields are often the bulk of an object and controllers never read them (client-go's
    // informers drop them with a transform for the same reason): keep the cache lean.
    delete obj.metadata.managedFields;
    obj.apiVersion ??= apiVersionOf(this.opts.resource);
    if (kind) obj.kind ??= kind;
    return obj;
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const { items, resourceVersion, kind } = await listAll<T>(this.opts.client, this.opts.resource, {
      namespace: this.opts.namespace,
      ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
      signal,
    });
    const seen = new Set<string>();
    const h = this.opts.handlers;
    for (const raw of items) {
      const obj = this.selfDescribe(raw, kind);
      const key = objectKey(obj);
      seen.add(key);
      const old = this.store.get(key);
      this.store.set(key, obj);
      if (!old) this.safely(() => h.add?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.safely(() => h.update?.(old, obj));
    }
    for (const [key, old] of this.store) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.safely(() => h.delete?.(old));
      }
    }
    this.resourceVersion = resourceVersion;
    this.lastListAt = Date.now();
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** One watch from the current resourceVersion; resolves with why it ended. */
  private async watchOnce(signal: AbortSignal): Promise<RestartReason> {
    const min = this.opts.watchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(min + Math.random() * min);
    const watchdogMs = this.opts.watchdogMs ?? 150_000;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    if (signal.aborted) return 'timeout';
    signal.addEventListener('abort', onAbort, { once: true });
    let watchdogFired = false;
    let dog: NodeJS.Timeout | undefined;
    const feed = () => {
      clearTimeout(dog);
      dog = setTimeout(() => {
        watchdogFired = true;
        ac.abort();
      }, watchdogMs);
    };
    feed();
    const h = this.opts.handlers;
    try {
      await this.opts.client.watch<T>(
        resourcePath(this.opts.resource, { namespace: this.opts.namespace }),
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
          labelSelector: this.opts.labelSelector,
        },
        (ev: WatchEvent<T>) => {
          feed();
          const obj = ev.object;
          const rv = obj.metadata?.resourceVersion;
          if (ev.type === 'BOOKMARK') {
            if (rv) this.resourceVersion = rv;
            return;
          }
          this.selfDescribe(obj, '');
          const key = objectKey(obj);
          if (ev.type === 'DELETED') {
            this.store.delete(key);
            this.safely(() => h.delete?.(obj));
          } else {
            const old = this.store.get(key);
            this.store.set(key, obj);
            if (old) this.safely(() => h.update?.(old, obj));
            else this.safely(() => h.add?.(obj));
          }
          if (rv) this.resourceVersion = rv;
        },
        ac.signal,
      );
    } finally {
      clearTimeout(dog);
      signal.removeEventListener('abort', onAbort);
    }
    return watchdogFired ? 'watchdog' : 'timeout';
  }

  private resync(): void {
    for (const obj of this.store.values()) this.safely(() => this.opts.handlers.update?.(obj, obj));
  }
}
