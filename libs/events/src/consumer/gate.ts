import { setTimeout as delay } from 'node:timers/promises';
import { Counter, Gauge, register as defaultRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import { createLogger } from '@tributary/log';
import type { Logger } from '@tributary/log';
import { CONSUMER_DEFAULTS } from './defaults.ts';
import { classifyError } from './policy.ts';

export interface DependencyGateOptions {
  /** The dependency's name in logs and metrics (`postgres`, `neo4j`). */
  name: string;
  /** Resolves when the dependency answers (e.g. `select 1`); rejects or hangs when it is down. */
  probe: (signal: AbortSignal) => Promise<void>;
  /** Delays between probes while down, by attempt (last value repeats). */
  probeDelaysMs?: readonly number[];
  /** A probe that has not answered within this long failed. */
  probeTimeoutMs?: number;
  /** Stops the probe loop (the worker's shutdown signal). */
  signal?: AbortSignal;
  registry?: Registry;
  logger?: Logger;
}

const gateMetricsByRegistry = new WeakMap<Registry, ReturnType<typeof createGateMetrics>>();

function createGateMetrics(registry: Registry) {
  return {
    up: new Gauge({
      name: 'tributary_dependency_up',
      help: 'Whether the store a worker writes to answers its probe (0 while consumption is paused for an outage)',
      labelNames: ['dependency'],
      registers: [registry],
    }),
    outages: new Counter({
      name: 'tributary_dependency_outages_total',
      help: 'Times a worker paused consumption because its store was unavailable',
      labelNames: ['dependency'],
      registers: [registry],
    }),
  };
}

function gateMetrics(registry: Registry) {
  let m = gateMetricsByRegistry.get(registry);
  if (!m) gateMetricsByRegistry.set(registry, (m = createGateMetrics(registry)));
  return m;
}

/**
 * The state of one dependency (a store) shared by every consumer that writes to it. A write that
 * fails because the store is unavailable closes the gate: consumers stop pulling and hold what they
 * have (extending its ack deadline with `working()`), so an outage spends no deliveries and nothing
 * reaches the DLQ. A probe loop with backoff reopens the gate when the store answers again, and the
 * held batches are retried. One place decides "outage or bad message": {@link isOutage}.
 */
export class DependencyGate {
  readonly name: string;
  readonly #o: Required<Pick<DependencyGateOptions, 'probe' | 'probeDelaysMs' | 'probeTimeoutMs'>>;
  readonly #signal: AbortSignal | undefined;
  readonly #log: Logger;
  readonly #metrics: ReturnType<typeof createGateMetrics>;
  #up = true;
  #waiters: Array<() => void> = [];
  #downListeners = new Set<() => void>();
  #since = 0;

  constructor(o: DependencyGateOptions) {
    this.name = o.name;
    this.#o = {
      probe: o.probe,
      probeDelaysMs: o.probeDelaysMs ?? CONSUMER_DEFAULTS.probeDelaysMs,
      probeTimeoutMs: o.probeTimeoutMs ?? CONSUMER_DEFAULTS.probeTimeoutMs,
    };
    this.#signal = o.signal;
    this.#log = o.logger ?? createLogger('dependency-gate');
    this.#metrics = gateMetrics(o.registry ?? defaultRegistry);
    this.#metrics.up.set({ dependency: this.name }, 1);
  }

  get up(): boolean {
    return this.#up;
  }

  /** Called when the gate closes (consumers stop pulling). Returns an unsubscribe function. */
  onDown(listener: () => void): () => void {
    this.#downListeners.add(listener);
    return () => this.#downListeners.delete(listener);
  }

  /** Resolves when the gate is open, or when `signal` aborts. */
  whenUp(signal?: AbortSignal): Promise<void> {
    if (this.#up || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Whether a failed write means the store is down (not the message's fault). An error classified
   * `unavailable` closes the gate at once; an unclassified (`permanent`) one is checked with one
   * probe, so a store failing in an unexpected way is still not mistaken for poison. `transient`
   * errors (deadlocks, serialization) are the store answering: not an outage.
   */
  async isOutage(err: unknown): Promise<boolean> {
    if (!this.#up) return true;
    const cls = classifyError(err);
    if (cls === 'transient') return false;
    if (cls === 'permanent' && (await this.#probeOnce())) return false;
    this.markDown(cls === 'unavailable' ? String(err) : `probe failed after: ${String(err)}`);
    return true;
  }

  /** Closes the gate and starts the probe loop (idempotent while down). */
  markDown(reason: string): void {
    if (!this.#up) return;
    this.#up = false;
    this.#since = Date.now();
    this.#metrics.up.set({ dependency: this.name }, 0);
    this.#metrics.outages.inc({ dependency: this.name });
    this.#log.warn('dependency unavailable: consumption paused until it answers', {
      dependency: this.name,
      reason: reason.slice(0, 500),
    });
    for (const l of [...this.#downListeners]) l();
    void this.#probeLoop();
  }

  async #probeOnce(): Promise<boolean> {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#o.probe(ac.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('probe timed out')), this.#o.probeTimeoutMs);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
  }

  async #probeLoop(): Promise<void> {
    const delays = this.#o.probeDelaysMs;
    for (let attempt = 0; !this.#up; attempt++) {
      if (this.#signal?.aborted) break;
      await sleep(delays[Math.min(attempt, delays.length - 1)] ?? 1000, this.#signal);
      if (this.#signal?.aborted) break;
      if (await this.#probeOnce()) {
        this.#up = true;
        this.#metrics.up.set({ dependency: this.name }, 1);
        this.#log.info('dependency answers again: consumption resumes', {
          dependency: this.name,
          downForMs: Date.now() - this.#since,
          probes: attempt + 1,
        });
      }
    }
    // Up again, or shutting down: release every holder (on shutdown they hand their messages back).
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
