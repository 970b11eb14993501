/** Unit tests' API: the real app with stubbed backends and response validation on (no stack). */
import { createLogger } from '@tributary/log';
import type { ApiAppDeps } from './app.ts';
import { loadSpec } from './spec.ts';

/** Dependencies for createApiApp: harmless stubs, overridden by what a test exercises. */
export function stubAppDeps(over: Record<string, unknown>): ApiAppDeps {
  return {
    log: createLogger('api-test'),
    spec: loadSpec(),
    verifyToken: async () => null,
    items: {},
    graph: {},
    checks: [],
    shuttingDown: () => false,
    rateLimit: { windowMs: 60_000, perIp: 1000, perUser: 1000 },
    corsOrigins: [],
    trustProxy: false,
    accessLog: false,
    validateResponses: true,
    publicUrl: 'http://127.0.0.1',
    providers: {},
    ...over,
  } as unknown as ApiAppDeps;
}
