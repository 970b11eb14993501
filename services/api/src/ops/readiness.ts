/**
 * /ready: each dependency is checked concurrently with a timeout and reported with its latency.
 * Postgres and NATS are required (docs/configuration.md: the API cannot serve without them); Neo4j
 * and the Kubernetes API are reported, and only degrade the answer, so a graph outage does not pull
 * every replica out of the Service.
 */
import { withTimeout } from './timeout.ts';

export interface DependencyCheck {
  name: string;
  required: boolean;
  check: (signal: AbortSignal) => Promise<void>;
}

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  required: boolean;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, CheckResult>;
}

export const CHECK_TIMEOUT_MS = 2000;

export async function runCheck(dep: DependencyCheck, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const start = performance.now();
  const ac = new AbortController();
  try {
    await withTimeout(dep.check(ac.signal), timeoutMs, () => ac.abort());
    return { status: 'up', latencyMs: elapsed(start), required: dep.required };
  } catch (err) {
    return {
      status: 'down',
      latencyMs: elapsed(start),
      required: dep.required,
      error: (err as Error).message,
    };
  }
}

const elapsed = (start: number) => Math.round((performance.now() - start) * 100) / 100;

export function summarize(checks: Record<string, CheckResult>, shuttingDown: boolean): Readiness {
  const values = Object.values(checks);
  const status =
    shuttingDown || values.some((c) => c.required && c.status === 'down')
      ? 'unavailable'
      : values.some((c) => c.status === 'down')
        ? 'degraded'
        : 'ok';
  return { status, checks };
}

export async function readiness(deps: DependencyCheck[], shuttingDown: boolean): Promise<Readiness> {
  const results = await Promise.all(deps.map(async (d) => [d.name, await runCheck(d)] as const));
  return summarize(Object.fromEntries(results), shuttingDown);
}
