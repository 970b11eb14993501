import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ProbeOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Liveness: the process has not given up. Default: always (it must not depend on NATS/Neo4j/Postgres). */
  live?: () => boolean;
  /** Readiness; by default the flag set with `setReady` (503 while starting and during shutdown). */
  ready?: () => boolean;
}

export interface ProbeServer {
  server: Server;
  /** The bound port (useful with port 0 in tests). */
  port: number;
  /** Sets the readiness flag used when no `ready` callback was given. */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

/**
 * The probe endpoints of the runtime contract (docs/configuration.md) for roles without an HTTP API
 * (operator, workers): `/healthz`, `/readyz` and `/metrics` on their own port. Plain node:http —
 * nothing else is served, so no framework is loaded for it.
 */
export async function serveProbes(opts: ProbeOptions): Promise<ProbeServer> {
  let readyFlag = false;
  const live = opts.live ?? (() => true);
  const ready = opts.ready ?? (() => readyFlag);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answer = (ok: boolean) =>
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      answer(live());
    } else if (path === '/readyz') {
      answer(ready());
    } else if (path === '/metrics') {
      opts.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setReady: (r) => {
      readyFlag = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
