/**
 * Groups an async stream into batches: a batch starts with the next item and takes whatever else
 * arrives within `lingerMs`, up to `max`. One timer per batch, not per item (hot path).
 */
export class Batcher<T> {
  #it: AsyncIterator<T>;
  #pending: Promise<IteratorResult<T>> | undefined;
  #max: number;
  #lingerMs: number;

  constructor(source: AsyncIterable<T>, max: number, lingerMs: number) {
    this.#it = source[Symbol.asyncIterator]();
    this.#max = max;
    this.#lingerMs = lingerMs;
  }

  /** The next batch, or null when the source has ended. */
  async next(): Promise<T[] | null> {
    const first = await this.#take();
    if (first.done) return null;
    const batch = [first.value];
    let timer: NodeJS.Timeout | undefined;
    const linger = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#lingerMs);
    });
    try {
      while (batch.length < this.#max) {
        this.#pending ??= this.#it.next();
        const r = await Promise.race([this.#pending, linger]);
        if (r === 'timeout') break; // keep #pending: its item opens the next batch
        if (r.done) break; // keep #pending resolved as done: the next call returns null
        this.#pending = undefined;
        batch.push(r.value);
      }
    } finally {
      clearTimeout(timer);
    }
    return batch;
  }

  #take(): Promise<IteratorResult<T>> {
    const p = this.#pending ?? this.#it.next();
    this.#pending = undefined;
    return p.then((r) => {
      if (r.done) this.#pending = Promise.resolve(r);
      return r;
    });
  }
}
