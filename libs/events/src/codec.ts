import { randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { EventsError } from './errors.ts';
import { eventSchemas, SCHEMA_VERSION } from './schemas.ts';
import type { EventDataOf, EventOf, EventType, TributaryEvent } from './schemas.ts';

// ajv-formats is CommonJS with `exports.default`; under Node's ESM interop the default import is the
// module object or the function depending on the loader, so accept both.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, opts?: { mode?: 'fast' | 'full' }) => Ajv;

const ajv = new Ajv({ allErrors: false, strict: true });
// 'fast' formats: simpler regexes (no leap-second / calendar checks); validation is on every message's hot path.
addFormats(ajv, { mode: 'fast' });

/** Compiled once per process from the schemas in schemas.ts. */
const validators = Object.fromEntries(
  Object.entries(eventSchemas).map(([type, schema]) => [type, ajv.compile(schema)]),
) as Record<EventType, ValidateFunction>;

function isEventType(t: unknown): t is EventType {
  return typeof t === 'string' && Object.hasOwn(validators, t);
}

export interface CreateEventOptions {
  eventId?: string;
  occurredAt?: Date | string;
}

/** Wraps `data` in the envelope (schemaVersion, a fresh eventId, occurredAt = now). */
export function createEvent<T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  opts: CreateEventOptions = {},
): EventOf<T> {
  const occurredAt = opts.occurredAt ?? new Date();
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId: opts.eventId ?? randomUUID(),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    type,
    data,
  } as unknown as EventOf<T>;
}

/** Throws EventsError(SCHEMA_INVALID | UNKNOWN_EVENT_TYPE | UNSUPPORTED_SCHEMA_VERSION) if `value` is not a valid event. */
export function validateEvent(value: unknown): TributaryEvent {
  const v = value as { type?: unknown; schemaVersion?: unknown } | null;
  if (typeof v !== 'object' || v === null)
    throw new EventsError('SCHEMA_INVALID', 'event is not a JSON object');
  if (!isEventType(v.type))
    throw new EventsError('UNKNOWN_EVENT_TYPE', `unknown event type ${JSON.stringify(v.type)}`);
  if (v.schemaVersion !== SCHEMA_VERSION) {
    throw new EventsError(
      'UNSUPPORTED_SCHEMA_VERSION',
      `${v.type}: schemaVersion ${JSON.stringify(v.schemaVersion)} is not supported (expected ${SCHEMA_VERSION})`,
    );
  }
  const validate = validators[v.type];
  if (!validate(value)) {
    throw new EventsError(
      'SCHEMA_INVALID',
      `${v.type}: ${ajv.errorsText(validate.errors, { dataVar: 'event' })}`,
    );
  }
  return value as TributaryEvent;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Validates then serializes an event (producers never publish what consumers would reject). */
export function encodeEvent(event: TributaryEvent): Uint8Array {
  validateEvent(event);
  return encoder.encode(JSON.stringify(event));
}

/** Parses and validates a message body; throws EventsError with a code on any problem. */
export function decodeEvent(body: Uint8Array | string): TributaryEvent {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (err) {
    throw new EventsError('DECODE_FAILED', `event body is not UTF-8 JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return validateEvent(value);
}

/** decodeEvent, also requiring a given type. */
export function decodeEventOf<T extends EventType>(type: T, body: Uint8Array | string): EventOf<T> {
  const event = decodeEvent(body);
  if (event.type !== type) throw new EventsError('UNKNOWN_EVENT_TYPE', `expected ${type}, got ${event.type}`);
  return event as EventOf<T>;
}
