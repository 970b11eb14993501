// Readiness probes for the servers (HTTP endpoints, a command, or a Bolt handshake).
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { HealthCheck } from './servers.ts';

function httpProbe(check: Extract<HealthCheck, { kind: 'http' }>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(check.url);
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        headers: check.bearerToken ? { authorization: `Bearer ${check.bearerToken}` } : {},
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !check.insecureTls } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 65536) body += chunk;
        });
        res.on('end', () => resolve(res.statusCode === 200 && body.includes(check.expect)));
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function commandProbe(check: Extract<HealthCheck, { kind: 'command' }>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { stdio: 'ignore', timeout: timeoutMs });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Bolt handshake: magic 0x6060B017 + four version proposals; a server answers with the one it picked. */
export const BOLT_HANDSHAKE = Buffer.from([
  0x60, 0x60, 0xb0, 0x17, 0x00, 0x08, 0x08, 0x05, 0x00, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
  0x00, 0x00,
]);

function boltProbe(check: Extract<HealthCheck, { kind: 'bolt' }>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: check.host, port: check.port });
    let reply = Buffer.alloc(0);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write(BOLT_HANDSHAKE));
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length >= 4) done(reply.readUInt32BE(0) !== 0);
    });
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });
}

/** One probe; false on any error or timeout. */
export function probe(check: HealthCheck, timeoutMs = 2000): Promise<boolean> {
  switch (check.kind) {
    case 'http':
      return httpProbe(check, timeoutMs);
    case 'command':
      return commandProbe(check, timeoutMs);
    case 'bolt':
      return boltProbe(check, timeoutMs);
  }
}
