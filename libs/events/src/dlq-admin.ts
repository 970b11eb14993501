/**
 * Dead-letter queue administration (`tributary dlq list|show|redrive`): read the DLQ stream, show a
 * dead letter with its headers and reason, and redrive dead letters to their original subject.
 */
import { headers as natsHeaders } from '@nats-io/nats-core';
import type { MsgHdrs } from '@nats-io/nats-core';
import type { JetStreamManager } from '@nats-io/jetstream';
import { DLQ_HEADERS } from './consumer/dlq.ts';
import type { MaxDeliveriesAdvisory } from './consumer/dlq.ts';
import { topologyNames } from './topology.ts';

/** One record in the DLQ stream: a dead letter (a copy of the message) or a raw server advisory. */
export interface DlqRecord {
  /** Sequence in the DLQ stream: what `show` and `redrive` take. */
  seq: number;
  time: string;
  kind: 'dead-letter' | 'advisory';
  /** The original message's stream and sequence, and the consumer that gave up on it. */
  stream: string;
  streamSequence: number;
  consumer: string;
  /** dead letters only: */
  subject?: string;
  reason?: string;
  deliveries?: number;
  source?: string;
}

export interface DlqMessage extends DlqRecord {
  headers: Record<string, string[]>;
  /** The body as text (events are JSON); undefined for advisories. */
  body?: string;
}

export interface DlqGroup {
  stream: string;
  consumer: string;
  deadLetters: number;
  /** Raw max-deliveries advisories (the server's record; their message is normally copied too). */
  advisories: number;
  oldest: string;
  newest: string;
  /** Distinct reasons with their counts (reasons are cut at 120 characters to group them). */
  reasons: Record<string, number>;
}

function headerMap(h: MsgHdrs | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of h ?? []) out[k] = v;
  return out;
}

function toRecord(
  seq: number,
  time: Date,
  subject: string,
  data: Uint8Array,
  h: MsgHdrs | undefined,
): DlqRecord {
  const reason = h?.get(DLQ_HEADERS.reason);
  if (reason) {
    return {
      seq,
      time: time.toISOString(),
      kind: 'dead-letter',
      stream: h!.get(DLQ_HEADERS.stream),
      streamSequence: Number(h!.get(DLQ_HEADERS.streamSequence)),
      consumer: h!.get(DLQ_HEADERS.consumer),
      subject: h!.get(DLQ_HEADERS.subject),
      reason,
      deliveries: Number(h!.get(DLQ_HEADERS.deliveries)),
      source: h!.get(DLQ_HEADERS.source),
    };
  }
  let adv: Partial<MaxDeliveriesAdvisory> = {};
  try {
    adv = JSON.parse(new TextDecoder().decode(data)) as MaxDeliveriesAdvisory;
  } catch {
    // not an advisory either: report it under its subject
  }
  return {
    seq,
    time: time.toISOString(),
    kind: 'advisory',
    stream: adv.stream ?? subject,
    streamSequence: adv.stream_seq ?? 0,
    consumer: adv.consumer ?? '',
    ...(adv.deliveries !== undefined ? { deliveries: adv.deliveries } : {}),
  };
}

/** Every record in the DLQ stream, oldest first (an ordered consumer: no state left on the server). */
export async function readDlq(jsm: JetStreamManager, prefix: string): Promise<DlqRecord[]> {
  const name = topologyNames(prefix).streams.DLQ;
  const info = await jsm.streams.info(name);
  const out: DlqRecord[] = [];
  if (info.state.messages === 0) return out;
  const consumer = await jsm.jetstream().consumers.get(name);
  try {
    while (true) {
      let last = 0;
      // Ask for no more than is stored: a fetch short of max_messages waits for its expiry.
      const want = Math.max(1, Math.min(500, info.state.messages - out.length));
      const batch = await consumer.fetch({ max_messages: want, expires: 2_000 });
      for await (const m of batch) {
        last = m.seq;
        out.push(
          toRecord(m.seq, new Date(Math.floor(m.info.timestampNanos / 1e6)), m.subject, m.data, m.headers),
        );
      }
      if (last === 0 || last >= info.state.last_seq) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return out;
}

/** Counts per original stream and consumer, with their reasons. */
export function groupDlq(records: DlqRecord[]): DlqGroup[] {
  const groups = new Map<string, DlqGroup>();
  for (const r of records) {
    const key = `${r.stream}\u0000${r.consumer}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        stream: r.stream,
        consumer: r.consumer,
        deadLetters: 0,
        advisories: 0,
        oldest: r.time,
        newest: r.time,
        reasons: {},
      };
      groups.set(key, g);
    }
    if (r.kind === 'dead-letter') {
      g.deadLetters++;
      const reason = (r.reason ?? '').slice(0, 120);
      g.reasons[reason] = (g.reasons[reason] ?? 0) + 1;
    } else g.advisories++;
    if (r.time < g.oldest) g.oldest = r.time;
    if (r.time > g.newest) g.newest = r.time;
  }
  return [...groups.values()].sort(
    (a, b) => a.stream.localeCompare(b.stream) || a.consumer.localeCompare(b.consumer),
  );
}

/** One DLQ record with its headers and body; null when no such sequence is stored. */
export async function showDlqMessage(
  jsm: JetStreamManager,
  prefix: string,
  seq: number,
): Promise<DlqMessage | null> {
  const m = await jsm.streams.getMessage(topologyNames(prefix).streams.DLQ, { seq }).catch(() => null);
  if (!m) return null;
  const r = toRecord(m.seq, m.time, m.subject, m.data, m.header);
  return {
    ...r,
    headers: headerMap(m.header),
    ...(r.kind === 'dead-letter' ? { body: new TextDecoder().decode(m.data) } : {}),
  };
}

export interface RedriveSelection {
  /** DLQ sequences to redrive; empty = every dead letter matching the filters. */
  seqs?: number[];
  stream?: string;
  consumer?: string;
}

export interface RedriveResult {
  redriven: Array<{ seq: number; subject: string; newSeq: number }>;
  /** Raw advisories about the redriven messages, removed with them. */
  advisoriesRemoved: number;
  /** Requested sequences that are not dead letters (absent, or raw advisories). */
  skipped: number[];
}

/**
 * Re-publishes dead letters to their original subject (original headers, without the DLQ's own)
 * and removes them, and the server's advisories about them, from the DLQ. The copy is a new message
 * in the original stream, so every consumer's delivery count for it starts at 1 (consumers are
 * idempotent, so a consumer that had already processed it writes nothing new). The publish carries
 * msg id `redrive:<dlq stream>:<seq>`: a redrive interrupted between publish and delete and run again
 * does not publish twice (within the stream's duplicate window).
 */
export async function redriveDlq(
  jsm: JetStreamManager,
  prefix: string,
  sel: RedriveSelection,
  dryRun = false,
): Promise<RedriveResult> {
  const dlqName = topologyNames(prefix).streams.DLQ;
  const js = jsm.jetstream();
  const records = await readDlq(jsm, prefix);
  const wanted = sel.seqs && sel.seqs.length > 0 ? new Set(sel.seqs) : undefined;
  const selected = records.filter(
    (r) =>
      r.kind === 'dead-letter' &&
      (!wanted || wanted.has(r.seq)) &&
      (!sel.stream || r.stream === sel.stream) &&
      (!sel.consumer || r.consumer === sel.consumer),
  );
  const result: RedriveResult = {
    redriven: [],
    advisoriesRemoved: 0,
    skipped: wanted ? [...wanted].filter((s) => !selected.some((r) => r.seq === s)) : [],
  };
  for (const r of selected) {
    const stored = await jsm.streams.getMessage(dlqName, { seq: r.seq });
    if (!stored || !r.subject) continue;
    if (dryRun) {
      result.redriven.push({ seq: r.seq, subject: r.subject, newSeq: 0 });
      continue;
    }
    const h = natsHeaders();
    for (const [k, values] of stored.header ?? []) {
      if (k.startsWith('Tributary-Dlq-') || k.toLowerCase().startsWith('nats-')) continue;
      for (const v of values) h.append(k, v);
    }
    const ack = await js.publish(r.subject, stored.data, {
      headers: h,
      msgID: `redrive:${dlqName}:${r.seq}`,
    });
    await jsm.streams.deleteMessage(dlqName, r.seq, false);
    result.redriven.push({ seq: r.seq, subject: r.subject, newSeq: ack.seq });
    for (const a of records) {
      if (a.kind !== 'advisory' || a.stream !== r.stream || a.streamSequence !== r.streamSequence) continue;
      if (a.consumer !== r.consumer) continue;
      if (await jsm.streams.deleteMessage(dlqName, a.seq, false).catch(() => false))
        result.advisoriesRemoved++;
    }
  }
  return result;
}
