/**
 * The workers as JetStream sees them, for /ready (`workers`, reported only) and /metrics
 * (`tributary_jetstream_consumer_*`). One answer is shared for a moment so that probes, scrapes
 * and concurrent requests do not each ask the server.
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { WorkersHealth } from '@tributary/events';
import { withTimeout } from './timeout.ts';

export type WorkersSource = () => Promise<WorkersHealth>;

/** Never rejects: a failure or no answer within `timeoutMs` is `unknown` with the reason. */
export function workersReporter(source: WorkersSource, timeoutMs = 2_000, reuseMs = 1_000): WorkersSource {
  let last: { at: number; value: Promise<WorkersHealth> } | undefined;
  const ask = async (): Promise<WorkersHealth> => {
    try {
      return await withTimeout(source(), timeoutMs);
    } catch (err) {
      return { status: 'unknown', consumers: [], error: (err as Error).message };
    }
  };
  return () => {
    const now = Date.now();
    if (!last || now - last.at > reuseMs) last = { at: now, value: ask() };
    return last.value;
  };
}

/**
 * Consumer lag and attachment per worker consumer, read from JetStream at scrape time, so they are
 * right even when the worker itself is dead (its own `tributary_consumer_*` metrics are then gone).
 */
export function registerWorkerMetrics(registry: Registry, workers: WorkersSource): void {
  const labelNames = ['stream', 'consumer'] as const;
  type G = Gauge<(typeof labelNames)[number]>;
  const fields: Array<
    [name: string, help: string, value: (c: WorkersHealth['consumers'][number]) => number | null]
  > = [
    [
      'tributary_jetstream_consumer_lag_messages',
      'Messages the consumer has not finished: num_pending + num_ack_pending',
      (c) => c.lag,
    ],
    [
      'tributary_jetstream_consumer_pending_messages',
      'Messages not yet delivered to the consumer (num_pending)',
      (c) => c.pending,
    ],
    [
      'tributary_jetstream_consumer_ack_pending_messages',
      'Delivered, not yet acknowledged (num_ack_pending)',
      (c) => c.ackPending,
    ],
    [
      'tributary_jetstream_consumer_attached',
      '1 when a worker is attached to the consumer (pull waiting or recent activity), 0 when none is or the consumer was never created',
      (c) => (c.attached ? 1 : 0),
    ],
    [
      'tributary_jetstream_consumer_last_active_timestamp_seconds',
      'Last delivery or ack of the consumer (Unix time)',
      (c) => (c.lastActive ? Date.parse(c.lastActive) / 1000 : null),
    ],
  ];
  const gauges: G[] = [];
  let refresh: Promise<void> | undefined;
  const collectAll = async () => {
    const w = await workers();
    for (const g of gauges) g.reset();
    for (const c of w.consumers) {
      const labels = { stream: c.streamName, consumer: c.consumer };
      fields.forEach(([, , value], i) => {
        const v = value(c);
        if (v !== null) gauges[i]!.set(labels, v);
      });
    }
  };
  for (const [name, help] of fields) {
    gauges.push(
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        // Each gauge's collect runs per scrape; one refresh serves them all.
        async collect() {
          refresh ??= collectAll().finally(() => setImmediate(() => (refresh = undefined)));
          await refresh;
        },
      }),
    );
  }
}
