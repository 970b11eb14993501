import { GraphError } from './errors.ts';
import { graphLabels } from './labels.ts';
import type { GraphLabels } from './labels.ts';

/** Defaults, each with its reason. */
export const GRAPH_DEFAULTS = {
  /** The local stack's Bolt port (`tributary stack up`). */
  url: 'bolt://127.0.0.1:27687',
  /** Always name the database: saves a home-database round trip per session. */
  database: 'neo4j',
  /** No prefix in real deployments; test suites set one for isolation. */
  labelPrefix: '',
} as const;

export interface GraphConfig {
  url: string;
  /** Basic auth; undefined = no auth (the local stack runs with auth off). */
  auth?: { username: string; password: string };
  database: string;
  labels: GraphLabels;
}

/**
 * Reads NEO4J_URL, NEO4J_USERNAME / NEO4J_PASSWORD, NEO4J_DATABASE and
 * TRIBUTARY_NEO4J_LABEL_PREFIX (docs/configuration.md).
 */
export function graphConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GraphConfig {
  const url = env.NEO4J_URL?.trim() || GRAPH_DEFAULTS.url;
  if (!/^(?:bolt|neo4j)(?:\+s|\+ssc)?:\/\//.test(url)) {
    throw new GraphError('BAD_CONFIG', `NEO4J_URL must be a bolt:// or neo4j:// URL, got "${url}"`);
  }
  const username = env.NEO4J_USERNAME?.trim();
  const password = env.NEO4J_PASSWORD ?? '';
  return {
    url,
    ...(username ? { auth: { username, password } } : {}),
    database: env.NEO4J_DATABASE?.trim() || GRAPH_DEFAULTS.database,
    labels: graphLabels(env.TRIBUTARY_NEO4J_LABEL_PREFIX?.trim() ?? GRAPH_DEFAULTS.labelPrefix),
  };
}
