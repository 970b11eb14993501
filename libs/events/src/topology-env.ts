/**
 * TRIBUTARY_JETSTREAM_CONFIG → TopologyOptions: how the Helm chart's `jetstream.*` values reach
 * `ensureTopology` in every role (format in docs/configuration.md). Pure; unset keys keep
 * TOPOLOGY_DEFAULTS.
 */
import { EventsError } from './errors.ts';
import type { TopologyOptions } from './topology.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A Go-style duration ("90m", "1h30m", "720h", "500ms") in milliseconds. */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new EventsError(
      'BAD_CONFIG',
      `TRIBUTARY_JETSTREAM_CONFIG: "${text}" is not a duration like 90m or 720h`,
    );
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

interface JetStreamEnvConfig {
  replicas?: number;
  storage?: 'file' | 'memory';
  duplicateWindow?: string;
  maxAge?: { items?: string; enriched?: string; feeds?: string; dlq?: string };
}

export function topologyOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TopologyOptions {
  const raw = env.TRIBUTARY_JETSTREAM_CONFIG?.trim();
  if (!raw) return {};
  let cfg: JetStreamEnvConfig;
  try {
    cfg = JSON.parse(raw) as JetStreamEnvConfig;
  } catch (err) {
    throw new EventsError('BAD_CONFIG', 'TRIBUTARY_JETSTREAM_CONFIG is not valid JSON', { cause: err });
  }
  const out: TopologyOptions = {};
  if (cfg.replicas !== undefined) {
    if (!Number.isInteger(cfg.replicas) || cfg.replicas < 1 || cfg.replicas > 5) {
      throw new EventsError(
        'BAD_CONFIG',
        `TRIBUTARY_JETSTREAM_CONFIG: replicas must be 1..5, got ${cfg.replicas}`,
      );
    }
    out.replicas = cfg.replicas;
  }
  if (cfg.storage !== undefined) {
    if (cfg.storage !== 'file' && cfg.storage !== 'memory') {
      throw new EventsError(
        'BAD_CONFIG',
        `TRIBUTARY_JETSTREAM_CONFIG: storage must be file or memory, got ${cfg.storage}`,
      );
    }
    out.storage = cfg.storage;
  }
  if (cfg.duplicateWindow !== undefined) out.duplicateWindowMs = parseGoDuration(cfg.duplicateWindow);
  const age = cfg.maxAge ?? {};
  if (age.items !== undefined) out.itemsMaxAgeMs = parseGoDuration(age.items);
  if (age.enriched !== undefined) out.enrichedMaxAgeMs = parseGoDuration(age.enriched);
  if (age.feeds !== undefined) out.feedsMaxAgeMs = parseGoDuration(age.feeds);
  if (age.dlq !== undefined) out.dlqMaxAgeMs = parseGoDuration(age.dlq);
  return out;
}
