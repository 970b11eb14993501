import { Counter, Gauge, Histogram, register as defaultRegistry } from 'prom-client';
import type { Registry } from 'prom-client';

export interface ConsumerMetrics {
  consumed: Counter<'stream' | 'consumer'>;
  acked: Counter<'stream' | 'consumer'>;
  naked: Counter<'stream' | 'consumer'>;
  redelivered: Counter<'stream' | 'consumer'>;
  deadLettered: Counter<'stream' | 'consumer' | 'source'>;
  restarts: Counter<'stream' | 'consumer' | 'reason'>;
  batchSeconds: Histogram<'stream' | 'consumer' | 'result'>;
  batchSize: Histogram<'stream' | 'consumer'>;
  lag: Gauge<'stream' | 'consumer'>;
  ackPending: Gauge<'stream' | 'consumer'>;
  paused: Gauge<'stream' | 'consumer'>;
}

const byRegistry = new WeakMap<Registry, ConsumerMetrics>();

/** One set of metrics per registry (prom-client refuses duplicate names), labelled by stream + consumer. */
export function consumerMetrics(registry: Registry = defaultRegistry): ConsumerMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const labelNames = ['stream', 'consumer'] as const;
  const m: ConsumerMetrics = {
    consumed: new Counter({
      name: 'tributary_consumer_messages_consumed_total',
      help: 'Messages received by the consumer runner',
      labelNames,
      registers,
    }),
    acked: new Counter({
      name: 'tributary_consumer_messages_acked_total',
      help: 'Messages acknowledged after their batch committed',
      labelNames,
      registers,
    }),
    naked: new Counter({
      name: 'tributary_consumer_messages_naked_total',
      help: 'Messages returned for a delayed redelivery',
      labelNames,
      registers,
    }),
    redelivered: new Counter({
      name: 'tributary_consumer_messages_redelivered_total',
      help: 'Messages received with a delivery count above 1',
      labelNames,
      registers,
    }),
    deadLettered: new Counter({
      name: 'tributary_consumer_messages_dead_lettered_total',
      help: 'Messages sent to the DLQ (source: runner = poison or exhausted, advisory = server max-deliveries advisory)',
      labelNames: ['stream', 'consumer', 'source'],
      registers,
    }),
    restarts: new Counter({
      name: 'tributary_consumer_restarts_total',
      help: 'Subscription restarts',
      labelNames: ['stream', 'consumer', 'reason'],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'tributary_consumer_batch_duration_seconds',
      help: 'Handler time per batch, from dispatch to acks',
      labelNames: ['stream', 'consumer', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    batchSize: new Histogram({
      name: 'tributary_consumer_batch_size',
      help: 'Messages per batch',
      labelNames,
      buckets: [1, 10, 50, 100, 250, 500, 1000],
      registers,
    }),
    lag: new Gauge({
      name: 'tributary_consumer_lag_messages',
      help: 'Messages in the stream not yet delivered to the consumer (num_pending)',
      labelNames,
      registers,
    }),
    ackPending: new Gauge({
      name: 'tributary_consumer_ack_pending_messages',
      help: 'Delivered messages not yet acknowledged',
      labelNames,
      registers,
    }),
    paused: new Gauge({
      name: 'tributary_consumer_paused',
      help: '1 while the consumer stopped pulling because its store is unavailable',
      labelNames,
      registers,
    }),
  };
  byRegistry.set(registry, m);
  return m;
}
