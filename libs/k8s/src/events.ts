/**
 * An event recorder (core/v1 Events, what `kubectl describe` shows) that aggregates repeats like
 * client-go's EventCorrelator: an identical event (object, type, reason, message) bumps `count`
 * on the existing Event instead of creating a new one, at most one write per key per
 * `patchIntervalMs` (repeats in between are folded into the next write), and a per-object token
 * bucket (burst 25, one token per 5 min) drops storms.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient } from './client.ts';
import { mergePatch } from './objects.ts';
import { resourcePath, resources } from './resource.ts';

export type EventType = 'Normal' | 'Warning';

export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export type AggregateDecision =
  { action: 'create' } | { action: 'patch'; count: number } | { action: 'defer' } | { action: 'drop' };

interface Entry {
  count: number;
  written: number;
  lastWriteAt: number;
  name?: string;
  firstTimestamp: string;
}

export interface AggregatorOptions {
  patchIntervalMs: number;
  /** Per-object token bucket: events allowed in a burst, and ms per refilled token. */
  burst: number;
  refillMs: number;
  maxKeys: number;
}

/** Pure aggregation state: decides what each observed event turns into. */
export class EventAggregator {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly opts: AggregatorOptions;
  constructor(opts: Partial<AggregatorOptions> = {}) {
    this.opts = { patchIntervalMs: 10_000, burst: 25, refillMs: 300_000, maxKeys: 4096, ...opts };
  }

  entry(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  observe(key: string, objectUid: string, nowMs: number): AggregateDecision {
    const e = this.entries.get(key);
    if (e) {
      e.count++;
      if (nowMs - e.lastWriteAt < this.opts.patchIntervalMs) return { action: 'defer' };
      if (!this.take(objectUid, nowMs)) return { action: 'defer' };
      e.lastWriteAt = nowMs;
      e.written = e.count;
      return { action: 'patch', count: e.count };
    }
    if (!this.take(objectUid, nowMs)) return { action: 'drop' };
    if (this.entries.size >= this.opts.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, {
      count: 1,
      written: 1,
      lastWriteAt: nowMs,
      firstTimestamp: new Date(nowMs).toISOString(),
    });
    return { action: 'create' };
  }

  /** Keys whose count grew since their last write and whose interval has passed. */
  due(nowMs: number): { key: string; count: number }[] {
    const out: { key: string; count: number }[] = [];
    for (const [key, e] of this.entries) {
      if (e.count > e.written && nowMs - e.lastWriteAt >= this.opts.patchIntervalMs) {
        e.written = e.count;
        e.lastWriteAt = nowMs;
        out.push({ key, count: e.count });
      }
    }
    return out;
  }

  private take(uid: string, nowMs: number): boolean {
    const b = this.buckets.get(uid) ?? { tokens: this.opts.burst, at: nowMs };
    b.tokens = Math.min(this.opts.burst, b.tokens + (nowMs - b.at) / this.opts.refillMs);
    b.at = nowMs;
    this.buckets.set(uid, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export interface EventRecorderOptions {
  client: KubeClient;
  /** source.component / reportingComponent, e.g. tributary-operator. */
  component: string;
  instance?: string;
  onError?(err: unknown): void;
  patchIntervalMs?: number;
}

export class EventRecorder {
  private readonly agg: EventAggregator;
  private readonly o: EventRecorderOptions;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly objects = new Map<
    string,
    { obj: InvolvedObject; type: EventType; reason: string; message: string }
  >();
  private readonly timer: NodeJS.Timeout;

  constructor(opts: EventRecorderOptions) {
    this.o = opts;
    const interval = opts.patchIntervalMs ?? 10_000;
    this.agg = new EventAggregator({ patchIntervalMs: interval });
    this.timer = setInterval(() => this.flushDue(), Math.max(1000, interval / 2));
    this.timer.unref();
  }

  /** Records an event; never throws (I/O happens in the background). */
  event(obj: InvolvedObject, type: EventType, reason: string, message: string): void {
    const uid = obj.metadata.uid ?? `${obj.metadata.namespace}/${obj.metadata.name}`;
    const key = `${uid}\u0000${type}\u0000${reason}\u0000${message}`;
    const now = Date.now();
    const d = this.agg.observe(key, uid, now);
    if (d.action === 'create') {
      this.objects.set(key, { obj, type, reason, message });
      this.track(this.create(key, obj, type, reason, message, now));
    } else if (d.action === 'patch') {
      this.track(this.patch(key, d.count, now));
    }
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch((err: unknown) => this.o.onError?.(err)).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private async create(
    key: string,
    obj: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    now: number,
  ) {
    const ns = obj.metadata.namespace ?? 'default';
    const ts = new Date(now).toISOString();
    const name = `${obj.metadata.name}.${now.toString(16)}${randomBytes(3).toString('hex')}`;
    await this.o.client.request('POST', resourcePath(resources.events, { namespace: ns }), {
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
          uid: obj.metadata.uid,
          resourceVersion: obj.metadata.resourceVersion,
        },
        type,
        reason,
        message: message.slice(0, 1024),
        count: 1,
        firstTimestamp: ts,
        lastTimestamp: ts,
        source: { component: this.o.component },
        reportingComponent: this.o.component,
        reportingInstance: this.o.instance ?? '',
      },
    });
    const e = this.agg.entry(key);
    if (e) e.name = name;
  }

  private async patch(key: string, count: number, now: number) {
    const e = this.agg.entry(key);
    const rec = this.objects.get(key);
    if (!e?.name || !rec) return;
    await mergePatch(this.o.client, resources.events, rec.obj.metadata.namespace ?? 'default', e.name, {
      count,
      lastTimestamp: new Date(now).toISOString(),
    });
  }

  private flushDue(): void {
    const now = Date.now();
    for (const { key, count } of this.agg.due(now)) this.track(this.patch(key, count, now));
  }

  /** Writes pending repeat counts and waits for in-flight writes. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const now = Date.now() + 1e12;
    for (const { key, count } of this.agg.due(now)) this.track(this.patch(key, count, Date.now()));
    await Promise.allSettled([...this.pending]);
  }
}

/** For tests and tooling: events recorded for one object. */
export function eventsPath(namespace: string): string {
  return resourcePath(resources.events, { namespace });
}
