import type { TributaryEvent } from '../schemas.ts';

/** One decoded message as the handler sees it. */
export interface ConsumedEvent<E extends TributaryEvent = TributaryEvent> {
  event: E;
  subject: string;
  /** Position in the stream: monotonic, so it orders versions of the same item. */
  streamSequence: number;
  deliveryCount: number;
  traceparent: string | null;
}

/** What a handler may return: per-message failures, the rest of the batch being committed. */
export interface BatchResult {
  rejected?: Array<{ index: number; error: unknown }>;
}

export type BatchHandler = (
  batch: ConsumedEvent[],
  ctx: { signal: AbortSignal },
) => Promise<BatchResult | void>;
