import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ProbeServer {
  port: number;
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

/**
 * docs/configuration.md worker probes: /healthz (process alive; independent of Postgres/NATS so an
 * outage does not restart pods), /readyz (consumers bound; 503 while starting and draining), /metrics.
 */
export async function serveProbes(registry: Registry, port: number, host = '0.0.0.0'): Promise<ProbeServer> {
  let ready = false;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    else if (path === '/readyz')
      res
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ready ? 'ready\n' : 'not ready\n');
    else if (path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    setReady: (r) => void (ready = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
