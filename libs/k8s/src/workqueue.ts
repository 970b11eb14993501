/**
 * A rate-limited work queue with client-go semantics: a key is queued at most once (dirty set),
 * never handed to two workers at once (processing set — a key re-added while being processed is
 * queued again only after `done`), delayed adds keep the earliest due time, and
 * `addRateLimited` waits per the rate limiter. Keys are strings (`namespace/name`).
 */
import type { RateLimiter } from './ratelimit.ts';
import { defaultControllerRateLimiter } from './ratelimit.ts';

export interface QueueMetrics {
  add?(): void;
  retry?(): void;
  depth?(n: number): void;
  /** Seconds a key waited in the queue before a worker took it. */
  queueLatency?(seconds: number): void;
  /** Seconds between `get` and `done`. */
  workDuration?(seconds: number): void;
}

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class WorkQueue {
  private items: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Map<string, number>();
  private readonly addedAt = new Map<string, number>();
  private readonly waiting = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private getters: ((key: string | undefined) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shuttingDown = false;
  readonly limiter: RateLimiter;
  private readonly metrics: QueueMetrics;

  constructor(opts: { limiter?: RateLimiter; metrics?: QueueMetrics } = {}) {
    this.limiter = opts.limiter ?? defaultControllerRateLimiter();
    this.metrics = opts.metrics ?? {};
  }

  get length(): number {
    return this.items.length - this.head;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics.add?.();
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  private push(key: string): void {
    this.addedAt.set(key, performance.now());
    const getter = this.getters.shift();
    if (getter) return this.hand(key, getter);
    this.items.push(key);
    this.metrics.depth?.(this.length);
  }

  private hand(key: string, to: (key: string | undefined) => void): void {
    this.dirty.delete(key);
    const now = performance.now();
    this.processing.set(key, now);
    this.metrics.queueLatency?.((now - (this.addedAt.get(key) ?? now)) / 1000);
    this.addedAt.delete(key);
    to(key);
  }

  /** The next key, or undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    // Shutting down means "stop taking work": queued keys are left for the next leader.
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.length > 0) {
      const key = this.items[this.head++] as string;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.metrics.depth?.(this.length);
      return new Promise((resolve) => this.hand(key, resolve));
    }
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks the key processed; if it was re-added meanwhile, queues it again. */
  done(key: string): void {
    const started = this.processing.get(key);
    if (started !== undefined) this.metrics.workDuration?.((performance.now() - started) / 1000);
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
    if (this.processing.size === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Adds after `ms`; a later call with an earlier due time wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const existing = this.waiting.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    // Node turns delays above 2^31-1 ms (~24.8 days, e.g. a yearly schedule) into 1 ms, a hot requeue
    // loop; waking early is harmless because a reconcile is level-triggered and requeues itself.
    const timer = setTimeout(
      () => {
        this.waiting.delete(key);
        this.add(key);
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    timer.unref();
    this.waiting.set(key, { at, timer });
  }

  addRateLimited(key: string): void {
    this.metrics.retry?.();
    this.addAfter(key, this.limiter.when(key));
  }

  forget(key: string): void {
    this.limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  /** Stops accepting keys and wakes idle workers with undefined. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  /** Shuts down, then resolves once every in-flight key is `done`. */
  async shutdownWithDrain(): Promise<void> {
    this.shutdown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }
}
