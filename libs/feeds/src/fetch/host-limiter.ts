/** Caps simultaneous requests per host within one process (politeness towards shared hosts). */
export class HostLimiter {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`per-host limit must be ≥ 1, got ${limit}`);
    this.#limit = limit;
  }

  /** Resolves with a release function once a slot for `host` is free. */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const active = this.#active.get(host) ?? 0;
    if (active < this.#limit) {
      this.#active.set(host, active + 1);
      return this.#releaser(host);
    }
    await new Promise<void>((resolve, reject) => {
      const queue = this.#waiting.get(host) ?? [];
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = queue.indexOf(wake);
        if (i >= 0) queue.splice(i, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(wake);
      this.#waiting.set(host, queue);
    });
    return this.#releaser(host); // the slot was handed over by the releaser, count unchanged
  }

  /** Requests currently holding a slot for `host`. */
  active(host: string): number {
    return this.#active.get(host) ?? 0;
  }

  #releaser(host: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.get(host)?.shift();
      if (next) return next();
      const n = (this.#active.get(host) ?? 1) - 1;
      if (n <= 0) this.#active.delete(host);
      else this.#active.set(host, n);
    };
  }
}
