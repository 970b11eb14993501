/**
 * Publishes a run's items with a bounded number of unacknowledged publishes in flight: acks are
 * pipelined (far faster than publish-await-publish) while memory stays flat on huge feeds, and every
 * ack is awaited before the run reports success.
 */
export interface PublishTotals {
  /** Stored by the stream. */
  published: number;
  /** Dropped by the stream's msgID dedup window (already stored earlier). */
  duplicates: number;
}

export async function publishBounded<T>(
  items: Iterable<T>,
  publish: (item: T) => Promise<{ duplicate: boolean }>,
  maxInFlight: number,
): Promise<PublishTotals> {
  const totals: PublishTotals = { published: 0, duplicates: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  for (const item of items) {
    if (failure) break;
    const p: Promise<void> = publish(item).then(
      (ack) => {
        if (ack.duplicate) totals.duplicates++;
        else totals.published++;
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return totals;
}
