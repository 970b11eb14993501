import { headers } from '@nats-io/nats-core';
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { JetStreamClient, JetStreamManager, JsMsg, PubAck } from '@nats-io/jetstream';
import { maxDeliveriesAdvisorySubject } from '../topology.ts';

/** Headers recorded on every dead letter. */
export const DLQ_HEADERS = {
  reason: 'Tributary-Dlq-Reason',
  subject: 'Tributary-Dlq-Subject',
  stream: 'Tributary-Dlq-Stream',
  streamSequence: 'Tributary-Dlq-Stream-Seq',
  consumer: 'Tributary-Dlq-Consumer',
  deliveries: 'Tributary-Dlq-Deliveries',
  source: 'Tributary-Dlq-Source',
} as const;

export interface DeadLetter {
  /** Where to publish: subjects(prefix).deadLetter(stream, consumer). */
  dlqSubject: string;
  reason: string;
  source: 'runner' | 'advisory';
  original: { subject: string; stream: string; streamSequence: number; consumer: string; deliveries: number };
  data: Uint8Array;
  headers?: MsgHdrs | undefined;
}

/** Header values are single-line; keep reasons readable but bounded. */
function headerValue(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').slice(0, 1024);
}

/**
 * Publishes a copy of the original message with the reason and origin as headers. The msg id
 * `dlq:<stream>:<seq>:<consumer>` makes the runner's copy and an advisory-triggered copy of the same
 * message collapse into one, while each consumer that gave up on it keeps its own record.
 */
export async function publishDeadLetter(js: JetStreamClient, dl: DeadLetter): Promise<PubAck> {
  const h = headers();
  for (const [k, values] of dl.headers ?? []) {
    if (k.toLowerCase().startsWith('nats-')) continue; // server-interpreted headers (Nats-Msg-Id, Nats-Expected-*) must not leak
    for (const v of values) h.append(k, v);
  }
  h.set(DLQ_HEADERS.reason, headerValue(dl.reason));
  h.set(DLQ_HEADERS.subject, dl.original.subject);
  h.set(DLQ_HEADERS.stream, dl.original.stream);
  h.set(DLQ_HEADERS.streamSequence, String(dl.original.streamSequence));
  h.set(DLQ_HEADERS.consumer, dl.original.consumer);
  h.set(DLQ_HEADERS.deliveries, String(dl.original.deliveries));
  h.set(DLQ_HEADERS.source, dl.source);
  return js.publish(dl.dlqSubject, dl.data, {
    headers: h,
    msgID: `dlq:${dl.original.stream}:${dl.original.streamSequence}:${dl.original.consumer}`,
  });
}

export function deadLetterFromMsg(msg: JsMsg, dlqSubject: string, reason: string): DeadLetter {
  return {
    dlqSubject,
    reason,
    source: 'runner',
    original: {
      subject: msg.subject,
      stream: msg.info.stream,
      streamSequence: msg.seq,
      consumer: msg.info.consumer,
      deliveries: msg.info.deliveryCount,
    },
    data: msg.data,
    headers: msg.headers,
  };
}

/** The fields we use of `io.nats.jetstream.advisory.v1.max_deliver`. */
export interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

export interface AdvisoryCapture {
  /** Resolves when the subscription has ended. */
  closed: Promise<void>;
  stop(): void;
}

/**
 * Listens for the server's max-deliveries advisories of one consumer (emitted when a message's last
 * allowed delivery timed out or was nak'ed, e.g. because the worker kept crashing on it) and copies
 * the original message into the DLQ with that reason. The DLQ stream also stores the raw advisory.
 */
export function captureMaxDeliveries(
  nc: NatsConnection,
  jsm: JetStreamManager,
  opts: {
    stream: string;
    consumer: string;
    dlqSubject: string;
    onDeadLetter?: (dl: DeadLetter) => void;
    onError?: (err: unknown) => void;
  },
): AdvisoryCapture {
  const sub: Subscription = nc.subscribe(maxDeliveriesAdvisorySubject(opts.stream, opts.consumer));
  const js = jsm.jetstream();
  const closed = (async () => {
    for await (const m of sub) {
      try {
        const adv = m.json<MaxDeliveriesAdvisory>();
        const stored = await jsm.streams.getMessage(adv.stream, { seq: adv.stream_seq });
        if (!stored) continue; // aged out or purged meanwhile: the raw advisory in the DLQ stream is the record
        const dl: DeadLetter = {
          dlqSubject: opts.dlqSubject,
          reason: `max deliveries (${adv.deliveries}) exceeded without an ack (server advisory)`,
          source: 'advisory',
          original: {
            subject: stored.subject,
            stream: adv.stream,
            streamSequence: adv.stream_seq,
            consumer: adv.consumer,
            deliveries: adv.deliveries,
          },
          data: stored.data,
          headers: stored.header,
        };
        await publishDeadLetter(js, dl);
        opts.onDeadLetter?.(dl);
      } catch (err) {
        opts.onError?.(err);
      }
    }
  })();
  return { closed, stop: () => sub.unsubscribe() };
}
