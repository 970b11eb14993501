import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@tributary/log';
import { deadLetterFromMsg, publishDeadLetter } from './dlq.ts';
import type { ConsumerMetrics } from './metrics.ts';
import { decideFailure } from './policy.ts';
import type { FailurePolicy } from './policy.ts';

export interface SettleStats {
  acked: number;
  naked: number;
  deadLettered: number;
}

export interface SettlerContext {
  js: JetStreamClient;
  dlqSubject: string;
  policy: FailurePolicy;
  metrics: ConsumerMetrics;
  labels: { stream: string; consumer: string };
  stats: SettleStats;
  log: Logger;
}

/**
 * Every way a delivered message ends: ack, nak with a delay, or dead-letter (publish to the DLQ,
 * then term). Counts each in metrics and remembers what it settled, so an unexpected error path
 * never settles a message twice.
 */
export class Settler {
  readonly #c: SettlerContext;
  readonly #settled = new WeakSet<JsMsg>();

  constructor(ctx: SettlerContext) {
    this.#c = ctx;
  }

  isSettled(m: JsMsg): boolean {
    return this.#settled.has(m);
  }

  ack(m: JsMsg): void {
    this.#settled.add(m);
    m.ack();
    this.#c.metrics.acked.inc(this.#c.labels);
    this.#c.stats.acked++;
  }

  nak(m: JsMsg, delayMs: number): void {
    this.#settled.add(m);
    m.nak(delayMs);
    this.#c.metrics.naked.inc(this.#c.labels);
    this.#c.stats.naked++;
  }

  /** Nak after a transient (whole-batch) failure; never dead-letters, the next delivery decides. */
  nakTransient(m: JsMsg): void {
    const d = decideFailure(
      new Error('transient'),
      Math.min(m.info.deliveryCount, this.#c.policy.maxDeliver - 1),
      this.#c.policy,
    );
    this.nak(m, d.action === 'nak' ? d.delayMs : 0);
  }

  async deadLetter(m: JsMsg, reason: string): Promise<void> {
    const c = this.#c;
    try {
      await publishDeadLetter(c.js, deadLetterFromMsg(m, c.dlqSubject, reason));
    } catch (err) {
      // Never drop a message we could not park: let it come back.
      c.log.error('DLQ publish failed; message will be redelivered', { err: String(err), seq: m.seq });
      this.nak(m, c.policy.nakDelaysMs.at(-1) ?? 0);
      return;
    }
    this.#settled.add(m);
    m.term(reason.slice(0, 200));
    c.metrics.deadLettered.inc({ ...c.labels, source: 'runner' });
    c.stats.deadLettered++;
    c.log.warn('dead-lettered', { subject: m.subject, seq: m.seq, deliveries: m.info.deliveryCount, reason });
  }

  /** A message whose processing failed: poison or exhausted → DLQ, else retry later. */
  async fail(m: JsMsg, err: unknown): Promise<void> {
    const d = decideFailure(err, m.info.deliveryCount, this.#c.policy);
    if (d.action === 'nak') this.nak(m, d.delayMs);
    else await this.deadLetter(m, d.reason);
  }
}
