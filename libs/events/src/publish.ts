import { headers } from '@nats-io/nats-core';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { encodeEvent } from './codec.ts';
import type { TributaryEvent } from './schemas.ts';
import { childTraceparent } from './trace.ts';

/** Header names we set besides Nats-Msg-Id. */
export const EVENT_HEADERS = {
  traceparent: 'traceparent',
  type: 'Tributary-Event-Type',
  schemaVersion: 'Tributary-Schema-Version',
} as const;

export interface PublishEventOptions {
  /** Dedup id (`Nats-Msg-Id`); for items use itemMsgId(feedUid, key, contentHash). */
  msgId?: string;
  /** The caller's traceparent; the event gets a child span of it (or a new trace when absent). */
  traceparent?: string | null;
  /** PubAck timeout, ms. */
  timeoutMs?: number;
}

/**
 * Validates, encodes and publishes one event, waiting for the stream's ack. A duplicate (same msgId
 * inside the stream's duplicate window) resolves with `ack.duplicate === true` and stores nothing.
 */
export async function publishEvent(
  js: JetStreamClient,
  subject: string,
  event: TributaryEvent,
  opts: PublishEventOptions = {},
): Promise<PubAck> {
  const h = headers();
  h.set(EVENT_HEADERS.traceparent, childTraceparent(opts.traceparent));
  h.set(EVENT_HEADERS.type, event.type);
  h.set(EVENT_HEADERS.schemaVersion, String(event.schemaVersion));
  return js.publish(subject, encodeEvent(event), {
    headers: h,
    ...(opts.msgId !== undefined ? { msgID: opts.msgId } : {}),
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
  });
}
