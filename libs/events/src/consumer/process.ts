import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@tributary/log';
import { decodeEvent } from '../codec.ts';
import { EVENT_HEADERS } from '../publish.ts';
import type { TributaryEvent } from '../schemas.ts';
import type { DependencyGate } from './gate.ts';
import type { ConsumerMetrics } from './metrics.ts';
import type { Settler } from './settle.ts';
import type { BatchHandler, BatchResult, ConsumedEvent } from './types.ts';

interface Item {
  msg: JsMsg;
  consumed: ConsumedEvent;
}

export interface BatchProcessorContext {
  handler: BatchHandler;
  settler: Settler;
  isTransient: (err: unknown) => boolean;
  metrics: ConsumerMetrics;
  labels: { stream: string; consumer: string };
  stats: { batches: number };
  log: Logger;
  signal: AbortSignal;
  /** How often in-flight messages get `working()` (well inside ack_wait). */
  workingEveryMs: number;
  /** The store the handler writes to: an outage holds the batch instead of failing it. */
  gate?: DependencyGate | undefined;
}

/**
 * Decodes one pulled batch (undecodable → DLQ), runs the handler, and settles every message:
 * ack after the handler resolved (its commit), nak the lot on a transient error, and on any other
 * error bisect the batch until the failing message is alone, so one bad message never blocks the rest.
 */
export function createBatchProcessor(c: BatchProcessorContext): (msgs: JsMsg[]) => Promise<void> {
  /**
   * Waits while the store is down, holding the messages (the caller's keep-alive extends their ack
   * deadline, so no delivery is spent). False when shutdown came first: hand them back.
   */
  const held = async (items: Item[]): Promise<boolean> => {
    if (!c.gate || c.gate.up) return true;
    await c.gate.whenUp(c.signal);
    if (c.gate.up) return true;
    for (const i of items) c.settler.nakTransient(i.msg);
    return false;
  };

  const attempt = async (items: Item[]): Promise<void> => {
    let result: BatchResult | void;
    try {
      result = await c.handler(
        items.map((i) => i.consumed),
        { signal: c.signal },
      );
    } catch (err) {
      if (c.gate && (await c.gate.isOutage(err))) {
        if (await held(items)) return attempt(items);
        return;
      }
      if (items.length === 1) return c.settler.fail(items[0]!.msg, err);
      if (c.isTransient(err)) {
        c.log.warn('batch failed (transient); will be redelivered', { err: String(err), size: items.length });
        for (const i of items) c.settler.nakTransient(i.msg);
        return;
      }
      const mid = items.length >> 1;
      await attempt(items.slice(0, mid));
      await attempt(items.slice(mid));
      return;
    }
    const rejected = new Map((result?.rejected ?? []).map((r) => [r.index, r.error]));
    for (const [index, i] of items.entries()) {
      if (rejected.has(index)) await c.settler.fail(i.msg, rejected.get(index));
      else c.settler.ack(i.msg);
    }
  };

  const decode = async (msgs: JsMsg[]): Promise<Item[]> => {
    const items: Item[] = [];
    for (const msg of msgs) {
      if (msg.info.deliveryCount > 1) c.metrics.redelivered.inc(c.labels);
      let event: TributaryEvent;
      try {
        event = decodeEvent(msg.data);
      } catch (err) {
        await c.settler.deadLetter(msg, `undecodable: ${(err as Error).message}`);
        continue;
      }
      items.push({
        msg,
        consumed: {
          event,
          subject: msg.subject,
          streamSequence: msg.seq,
          deliveryCount: msg.info.deliveryCount,
          traceparent: msg.headers?.get(EVENT_HEADERS.traceparent) || null,
        },
      });
    }
    return items;
  };

  return async (msgs) => {
    const started = process.hrtime.bigint();
    c.metrics.consumed.inc(c.labels, msgs.length);
    c.metrics.batchSize.observe(c.labels, msgs.length);
    const items = await decode(msgs);
    // A slow batch (e.g. a database stall) must not be redelivered to a peer while we still work on it.
    const keepAlive = setInterval(() => items.forEach((i) => i.msg.working()), c.workingEveryMs);
    let result = 'ok';
    try {
      if (items.length > 0 && (await held(items))) await attempt(items);
    } catch (err) {
      result = 'error';
      c.log.error('batch processing failed unexpectedly', { err: String(err) });
      for (const i of items) if (!c.settler.isSettled(i.msg)) c.settler.nakTransient(i.msg);
    } finally {
      clearInterval(keepAlive);
    }
    c.stats.batches++;
    const last = msgs.at(-1);
    if (last) c.metrics.lag.set(c.labels, last.info.pending);
    c.metrics.batchSeconds.observe({ ...c.labels, result }, Number(process.hrtime.bigint() - started) / 1e9);
  };
}
