import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import type {
  ConsumerConfig,
  ConsumerCreateOptions,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Registry } from 'prom-client';
import { createLogger } from '@tributary/log';
import type { Logger } from '@tributary/log';
import { subjects as subjectsFor } from '../subjects.ts';
import { topologyNames } from '../topology.ts';
import type { StreamKey } from '../topology.ts';
import { Batcher } from './batcher.ts';
import { CONSUMER_DEFAULTS } from './defaults.ts';
import { captureMaxDeliveries } from './dlq.ts';
import { sleep } from './gate.ts';
import type { DependencyGate } from './gate.ts';
import { consumerMetrics } from './metrics.ts';
import { isTransientError, restartDelay } from './policy.ts';
import { createBatchProcessor } from './process.ts';
import { Settler } from './settle.ts';
import type { BatchHandler } from './types.ts';

export type { ConsumedEvent, BatchResult, BatchHandler } from './types.ts';

export interface RunConsumerOptions {
  nc: NatsConnection;
  /** TRIBUTARY_NATS_PREFIX of the topology. */
  prefix?: string;
  stream: StreamKey;
  /** Durable consumer name, e.g. `store-writer`. */
  durable: string;
  /** Subjects to receive (default: all of the stream). */
  filterSubjects?: string[];
  /**
   * Writes one batch and resolves only after it is committed; only then are the messages acked.
   * Throw PoisonMessageError for a message that can never succeed; a transient error (see
   * isTransientError) retries the batch later; any other error splits the batch to isolate the culprit.
   */
  handler: BatchHandler;
  batchSize?: number;
  lingerMs?: number;
  concurrency?: number;
  ackWaitMs?: number;
  maxDeliver?: number;
  redeliveryBackoffMs?: readonly number[];
  nakDelaysMs?: readonly number[];
  maxAckPending?: number;
  /** Where a new consumer starts (existing durables keep their position). */
  deliverPolicy?: 'all' | 'new';
  /** A new consumer starts at the first message stored at or after this time (wins over deliverPolicy). */
  startTime?: Date;
  isTransient?: (err: unknown) => boolean;
  /** Graceful shutdown: stop pulling, finish batches in flight, resolve. */
  signal?: AbortSignal;
  registry?: Registry;
  logger?: Logger;
  /** Called each time the subscription is (re)established: the consumer is bound and pulling. */
  onReady?: () => void;
  /**
   * The store the handler writes to. While it is unavailable the consumer stops pulling and holds
   * its messages (no delivery spent, nothing dead-lettered), and resumes when the gate's probe answers.
   */
  gate?: DependencyGate;
}

export interface ConsumerRunStats {
  batches: number;
  acked: number;
  naked: number;
  deadLettered: number;
  restarts: number;
}

type Settings = Required<
  Pick<
    RunConsumerOptions,
    | 'batchSize'
    | 'lingerMs'
    | 'concurrency'
    | 'ackWaitMs'
    | 'maxDeliver'
    | 'redeliveryBackoffMs'
    | 'nakDelaysMs'
    | 'maxAckPending'
  >
>;

function consumerConfig(
  o: RunConsumerOptions,
  s: Settings,
  streamSubjects: string[],
): Partial<ConsumerConfig> {
  return {
    durable_name: o.durable,
    ack_policy: AckPolicy.Explicit,
    ...(o.startTime
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: o.startTime.toISOString() }
      : { deliver_policy: o.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All }),
    ack_wait: nanos(s.ackWaitMs),
    max_deliver: s.maxDeliver,
    max_ack_pending: s.maxAckPending,
    ...(s.redeliveryBackoffMs.length > 0 ? { backoff: s.redeliveryBackoffMs.map((ms) => nanos(ms)) } : {}),
    filter_subjects: o.filterSubjects ?? streamSubjects,
  };
}

/** Create-or-update, so a changed ack_wait/max_deliver/filter reaches an existing durable. */
async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  cfg: Partial<ConsumerConfig>,
): Promise<void> {
  await jsm.consumers.add(stream, cfg, { action: '' } as ConsumerCreateOptions);
}

/**
 * Runs a durable pull consumer until `signal` aborts: batches messages, calls the handler with
 * bounded concurrency, acks after the handler's commit, naks with a delay on failures, dead-letters
 * poison or exhausted messages (and copies max-deliveries advisories to the DLQ), restarts its
 * subscription when heartbeats stop or the consumer disappears, and drains on shutdown.
 */
/** The pump's end reason when the gate closed: pause, not restart. */
const PAUSED = 'dependency_unavailable';

export async function runConsumer(opts: RunConsumerOptions): Promise<ConsumerRunStats> {
  const s: Settings = {
    batchSize: opts.batchSize ?? CONSUMER_DEFAULTS.batchSize,
    lingerMs: opts.lingerMs ?? CONSUMER_DEFAULTS.lingerMs,
    concurrency: Math.max(1, opts.concurrency ?? CONSUMER_DEFAULTS.concurrency),
    ackWaitMs: opts.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs,
    maxDeliver: opts.maxDeliver ?? CONSUMER_DEFAULTS.maxDeliver,
    redeliveryBackoffMs: opts.redeliveryBackoffMs ?? CONSUMER_DEFAULTS.redeliveryBackoffMs,
    nakDelaysMs: opts.nakDelaysMs ?? CONSUMER_DEFAULTS.nakDelaysMs,
    // Never below what one pull buffers, or the server would stall the pipeline on acks.
    maxAckPending:
      opts.maxAckPending ??
      Math.max(
        CONSUMER_DEFAULTS.maxAckPending,
        (opts.batchSize ?? CONSUMER_DEFAULTS.batchSize) *
          (Math.max(1, opts.concurrency ?? CONSUMER_DEFAULTS.concurrency) + 1),
      ),
  };
  const prefix = opts.prefix ?? '';
  const signal = opts.signal ?? new AbortController().signal;
  const log = opts.logger ?? createLogger('consumer');
  const isTransient = opts.isTransient ?? isTransientError;
  const stream = topologyNames(prefix).streams[opts.stream];
  const labels = { stream, consumer: opts.durable };
  const metrics = consumerMetrics(opts.registry);
  const dlqSubject = subjectsFor(prefix).deadLetter(stream, opts.durable);
  const stats: ConsumerRunStats = { batches: 0, acked: 0, naked: 0, deadLettered: 0, restarts: 0 };

  const jsm = await jetstreamManager(opts.nc);
  const js: JetStreamClient = jsm.jetstream();
  const streamInfo = await jsm.streams.info(stream);
  const cfg = consumerConfig(opts, s, streamInfo.config.subjects ?? []);
  await ensureConsumer(jsm, stream, cfg);

  const advisories = captureMaxDeliveries(opts.nc, jsm, {
    stream,
    consumer: opts.durable,
    dlqSubject,
    onDeadLetter: (dl) => {
      metrics.deadLettered.inc({ ...labels, source: 'advisory' });
      stats.deadLettered++;
      log.warn('dead-lettered from max-deliveries advisory', {
        subject: dl.original.subject,
        seq: dl.original.streamSequence,
      });
    },
    onError: (err) => log.error('max-deliveries advisory capture failed', { err: String(err) }),
  });

  const lagTimer = setInterval(() => {
    jsm.consumers
      .info(stream, opts.durable)
      .then((ci) => {
        metrics.lag.set(labels, ci.num_pending);
        metrics.ackPending.set(labels, ci.num_ack_pending);
      })
      .catch(() => undefined); // the restart loop reports real trouble
  }, CONSUMER_DEFAULTS.lagPollMs);
  lagTimer.unref();

  const settler = new Settler({ js, dlqSubject, policy: s, metrics, labels, stats, log });
  const processBatch = createBatchProcessor({
    handler: opts.handler,
    settler,
    isTransient,
    metrics,
    labels,
    stats,
    log,
    signal,
    gate: opts.gate,
    workingEveryMs: Math.max(
      250,
      Math.floor(Math.min(s.ackWaitMs, s.redeliveryBackoffMs[0] ?? s.ackWaitMs) / 3),
    ),
  });

  // ---- one subscription; returns why it ended -------------------------------------------------
  const pump = async (messages: ConsumerMessages): Promise<string | null> => {
    let restartReason: string | null = null;
    let pausedNow: () => void = () => {};
    const paused = new Promise<void>((r) => (pausedNow = r));
    const stop = (reason: string | null) => {
      restartReason ??= reason;
      if (reason === PAUSED) pausedNow();
      void messages.close();
    };
    const onAbort = () => stop(null);
    signal.addEventListener('abort', onAbort, { once: true });
    // The store went down (seen by this or a sibling consumer): stop pulling; what was already
    // pulled is still dispatched, and each batch waits for the store holding its messages.
    const pause = () => {
      metrics.paused.set(labels, 1);
      stop(PAUSED);
    };
    const offDown = opts.gate?.onDown(pause);
    if (opts.gate && !opts.gate.up) pause();
    void (async () => {
      let missed = 0;
      for await (const st of messages.status()) {
        if (st.type === 'heartbeats_missed') {
          missed++;
          if (missed >= CONSUMER_DEFAULTS.heartbeatsMissedRestart) stop('heartbeats_missed');
        } else if (st.type === 'heartbeat') missed = 0;
        else if (st.type === 'consumer_deleted') stop('consumer_deleted');
        else if (st.type === 'consumer_not_found' && st.count >= 2) stop('consumer_not_found');
        else if (st.type === 'stream_not_found') stop('stream_not_found');
      }
    })().catch(() => undefined);

    const inflight = new Set<Promise<void>>();
    const batcher = new Batcher(messages, s.batchSize, s.lingerMs);
    try {
      for (let batch = await batcher.next(); batch; batch = await batcher.next()) {
        if (signal.aborted || (restartReason && restartReason !== PAUSED)) {
          // Pulled but not started: hand back now rather than after ack_wait.
          for (const m of batch) settler.nak(m, 0);
          continue;
        }
        const p: Promise<void> = processBatch(batch).finally(() => inflight.delete(p));
        inflight.add(p);
        // While paused, take the rest of what was pulled into held batches (kept alive) at once.
        if (inflight.size >= s.concurrency && restartReason !== PAUSED)
          await Promise.race([...inflight, paused]);
      }
    } finally {
      await Promise.allSettled(inflight);
      signal.removeEventListener('abort', onAbort);
      offDown?.();
    }
    return signal.aborted ? null : (restartReason ?? 'iterator_ended');
  };

  try {
    let failures = 0;
    while (!signal.aborted) {
      let reason: string | null;
      try {
        const consumer = await js.consumers.get(stream, opts.durable);
        const messages = await consumer.consume({ max_messages: s.batchSize * (s.concurrency + 1) });
        failures = 0;
        opts.onReady?.();
        reason = await pump(messages);
      } catch (err) {
        reason = `error: ${(err as Error).message}`;
        failures++;
      }
      if (reason === null) break;
      if (reason === PAUSED && opts.gate) {
        await opts.gate.whenUp(signal);
        metrics.paused.set(labels, 0);
        continue; // not a failure: resubscribe at once, no restart delay
      }
      if (opts.nc.isClosed())
        throw new Error(`NATS connection closed; consumer ${opts.durable} stopped (${reason})`);
      stats.restarts++;
      metrics.restarts.inc({ ...labels, reason: reason.startsWith('error') ? 'error' : reason });
      log.warn('consumer subscription restarting', { reason, stream, consumer: opts.durable });
      await sleep(restartDelay(failures, CONSUMER_DEFAULTS.restartDelayMs), signal);
      if (signal.aborted) break;
      await ensureConsumer(jsm, stream, cfg).catch((err: unknown) =>
        log.warn('could not re-create consumer yet', { err: String(err) }),
      );
    }
  } finally {
    clearInterval(lagTimer);
    advisories.stop();
    await advisories.closed;
  }
  return stats;
}
