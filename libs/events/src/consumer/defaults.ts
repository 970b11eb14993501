/** Consumer runner defaults, each with its reason. */
export const CONSUMER_DEFAULTS = {
  /**
   * Messages per handler call. Big enough to amortize one transaction + round trip over many rows,
   * small enough that a multi-row statement stays far below Postgres' 65,535 bind parameters.
   */
  batchSize: 250,
  /** Once a batch has its first message, wait at most this long for it to fill (latency cap at low rates). */
  lingerMs: 50,
  /** Batches in flight: overlaps a database commit with decoding the next batch; 2 cores → 2. */
  concurrency: 2,
  /** How long the server waits for an ack before redelivering; `working()` extends it for slow batches. */
  ackWaitMs: 30_000,
  /** Deliveries before a message is dead-lettered: minutes of transient failures (see nakDelaysMs). */
  maxDeliver: 10,
  /**
   * Optional server-side redelivery delays (ConsumerConfig.backoff) for deliveries never acked. Off by
   * default: with a backoff list the server (2.12) also stretches explicit `nak(delay)` redeliveries to
   * those values, which defeats nakDelaysMs; ack_wait alone covers a crashed worker.
   */
  redeliveryBackoffMs: [] as readonly number[],
  /** Delay before redelivery after a failed attempt, by delivery count (last value repeats). */
  nakDelaysMs: [1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as readonly number[],
  /** Unacked messages the server lets this consumer hold: bounds memory and redelivery storms. */
  maxAckPending: 2_000,
  /** The client reports a miss after 2 idle heartbeats; restart the subscription after this many reports. */
  heartbeatsMissedRestart: 2,
  /** Jittered delay range between subscription restarts. */
  restartDelayMs: { min: 250, max: 5_000 },
  /**
   * Delays between health probes of a store that is down (last value repeats): quick to notice a
   * restart, at most one cheap query every 5 s during a long outage.
   */
  probeDelaysMs: [250, 500, 1_000, 2_000, 5_000] as readonly number[],
  /** A probe without an answer within this long counts as failed. */
  probeTimeoutMs: 5_000,
  /** How often the consumer lag gauge is refreshed from the server. */
  lagPollMs: 5_000,
} as const;
