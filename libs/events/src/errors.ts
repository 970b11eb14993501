/** Typed errors of @tributary/events; `code` is stable and safe to branch on. */
export type EventsErrorCode =
  'BAD_CONFIG' | 'DECODE_FAILED' | 'SCHEMA_INVALID' | 'UNKNOWN_EVENT_TYPE' | 'UNSUPPORTED_SCHEMA_VERSION';

export class EventsError extends Error {
  override name = 'EventsError';
  readonly code: EventsErrorCode;
  constructor(code: EventsErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** A message that can never be processed (bad payload, violated invariant): terminated and sent to the DLQ. */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
  readonly reason: string;
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.reason = reason;
  }
}
