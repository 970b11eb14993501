import { EventsError } from './errors.ts';
import type { TopologyOptions } from './topology.ts';
import { topologyOptionsFromEnv } from './topology-env.ts';

/** Defaults, each with its reason. */
export const NATS_DEFAULTS = {
  /** The local stack's NATS port (`tributary stack up`). */
  url: 'nats://127.0.0.1:24222',
  /** No prefix in real deployments; tests set one per suite for isolation. */
  prefix: '',
} as const;

export interface NatsConfig {
  /** One or more server URLs (comma-separated in NATS_URL). */
  servers: string[];
  /** Prefix on stream/consumer/KV names and a leading subject segment ('' = none). */
  prefix: string;
  /** Stream settings of the deployment (TRIBUTARY_JETSTREAM_CONFIG) for `ensureTopology`. */
  topology?: TopologyOptions;
}

const PREFIX_RE = /^[A-Za-z0-9_-]*$/;

/** Reads NATS_URL, TRIBUTARY_NATS_PREFIX and TRIBUTARY_JETSTREAM_CONFIG; a bad prefix is an error, not silently mangled. */
export function natsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): NatsConfig {
  const url = env.NATS_URL?.trim() || NATS_DEFAULTS.url;
  const prefix = env.TRIBUTARY_NATS_PREFIX?.trim() ?? NATS_DEFAULTS.prefix;
  if (!PREFIX_RE.test(prefix)) {
    throw new EventsError(
      'BAD_CONFIG',
      `TRIBUTARY_NATS_PREFIX must match ${PREFIX_RE.source} (it becomes part of stream names and subjects), got "${prefix}"`,
    );
  }
  const servers = url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { servers, prefix, topology: topologyOptionsFromEnv(env) };
}
