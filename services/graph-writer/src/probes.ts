import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ProbeServer {
  /** The bound port (useful with port 0 in tests). */
  port: number;
  /** 200 on /readyz from now on (the worker's consumers are bound). */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

/**
 * The worker probe endpoints of docs/configuration.md: `/healthz` (the process runs; never depends
 * on NATS or Neo4j, so an outage does not restart every pod), `/readyz` (consumers bound, 503 while
 * starting and during shutdown) and `/metrics` (Prometheus text). Workers have no other HTTP
 * surface, so plain node:http is enough.
 */
export async function serveProbes(registry: Registry, port: number, host = '0.0.0.0'): Promise<ProbeServer> {
  let ready = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      res
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ready ? 'ready\n' : 'not ready\n');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setReady: (r) => {
      ready = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
