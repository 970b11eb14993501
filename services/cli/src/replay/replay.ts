/**
 * Rebuilds a projection from the streams: one temporary durable consumer per stream (a unique
 * `replay-…` name, so the live workers' positions are untouched), starting at the beginning or at
 * `since`, fed through the projection's own batch handlers by the same consumer runner the workers
 * use (ack after commit, DLQ for poison). Each consumer stops once it has caught up — nothing
 * pending, nothing awaiting an ack — and is then deleted.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Registry } from 'prom-client';
import { runConsumer, topologyNames } from '@tributary/events';
import type { BatchHandler, StreamKey } from '@tributary/events';
import type { Logger } from '@tributary/log';
import type { ReplayTarget } from './args.ts';

/** One stream to re-consume and the projection handler its messages go through. */
export interface ReplaySource {
  stream: StreamKey;
  filterSubjects?: string[];
  handler: BatchHandler;
  batchSize: number;
  concurrency: number;
}

export interface ReplayStreamResult {
  stream: StreamKey;
  consumer: string;
  acked: number;
  deadLettered: number;
}

export interface ReplayOptions {
  nc: NatsConnection;
  prefix: string;
  target: ReplayTarget;
  since: Date | null;
  sources: ReplaySource[];
  logger: Logger;
  /** Aborts the replay (SIGTERM): consumers drain and are deleted. */
  signal?: AbortSignal;
  /** How often consumer state is checked for "caught up". */
  pollMs?: number;
}

export async function replayStreams(o: ReplayOptions): Promise<ReplayStreamResult[]> {
  const jsm = await jetstreamManager(o.nc);
  const names = topologyNames(o.prefix).streams;
  const run = o.sources.map(async (src): Promise<ReplayStreamResult> => {
    const consumer = `replay-${o.target}-${src.stream.toLowerCase()}-${randomUUID().slice(0, 8)}`;
    const stream = names[src.stream];
    const stop = new AbortController();
    const onOuterAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      const consuming = runConsumer({
        nc: o.nc,
        prefix: o.prefix,
        stream: src.stream,
        durable: consumer,
        ...(src.filterSubjects ? { filterSubjects: src.filterSubjects } : {}),
        ...(o.since ? { startTime: o.since } : {}),
        handler: src.handler,
        batchSize: src.batchSize,
        concurrency: src.concurrency,
        signal: stop.signal,
        // Own registry: replay metrics must not mix with a co-hosted worker's.
        registry: new Registry(),
        logger: o.logger,
      });
      // runConsumer only returns on stop or a fatal error; either ends the wait.
      const ended = consuming.then(
        () => undefined,
        () => undefined,
      );
      await Promise.race([waitCaughtUp(jsm, stream, consumer, stop.signal, o.pollMs ?? 500), ended]);
      stop.abort();
      const stats = await consuming;
      o.logger.info('replay stream caught up', { stream, consumer, acked: stats.acked });
      return { stream: src.stream, consumer, acked: stats.acked, deadLettered: stats.deadLettered };
    } finally {
      stop.abort();
      o.signal?.removeEventListener('abort', onOuterAbort);
      await jsm.consumers.delete(stream, consumer).catch(() => undefined);
    }
  });
  return Promise.all(run);
}

/** Resolves once the consumer exists with nothing pending and nothing unacknowledged. */
async function waitCaughtUp(
  jsm: JetStreamManager,
  stream: string,
  consumer: string,
  signal: AbortSignal,
  pollMs: number,
): Promise<void> {
  while (!signal.aborted) {
    const ci = await jsm.consumers.info(stream, consumer).catch(() => null);
    if (ci && ci.num_pending === 0 && ci.num_ack_pending === 0) return;
    await sleep(pollMs);
  }
}
