/**
 * Runs calls of `fn` one after the other in call order. The consumer runner hands batches to the
 * handler in stream order; story assignment (docs/stories.md) is replay-deterministic only if
 * batches also commit in that order, so the items transactions of one process are chained (the
 * runner still decodes the next batch while one commits). A failed call does not block the next.
 */
export function inOrder<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = tail.then(() => fn(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}
