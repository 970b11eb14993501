import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, logContext } from '@tributary/log';
import { createHttpApp, finishApp } from './app.ts';
import { HttpProblem } from './problem.ts';
import { listen } from './listen.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('http-test');
  log.clear().add(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk: Buffer, _e, cb) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          cb();
        },
      }),
    }),
  );
  return { log, lines };
}

test('request id, access log, metrics, problem+json and body limit', async () => {
  const { log, lines } = capture();
  const { app } = createHttpApp({ log, bodyLimit: '1kb', corsOrigins: ['https://ui.example'] });
  app.get('/things/:id', (req, res) => {
    log.info('inside', { seen: logContext()?.requestId });
    res.json({ id: req.params.id });
  });
  app.post('/things', (_req, _res) => {
    throw new HttpProblem('conflict', 'already there');
  });
  app.get('/boom', () => {
    throw new Error('secret internals');
  });
  finishApp(app, log);
  const srv = await listen(app, 0);
  try {
    const r1 = await fetch(`${srv.url}/things/7`, {
      headers: { 'x-request-id': 'abc-123', origin: 'https://ui.example' },
    });
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('x-request-id'), 'abc-123');
    assert.equal(r1.headers.get('access-control-allow-origin'), 'https://ui.example');
    assert.ok(r1.headers.get('x-content-type-options'));
    const etag = r1.headers.get('etag');
    assert.ok(etag);
    // fetch() adds Cache-Control: no-cache to conditional requests unless told otherwise.
    const r304 = await fetch(`${srv.url}/things/7`, {
      headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    assert.equal(r304.status, 304);

    const bad = await fetch(`${srv.url}/things/7`, { headers: { 'x-request-id': 'x'.repeat(200) } });
    assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);

    const r2 = await fetch(`${srv.url}/things`, { method: 'POST' });
    assert.equal(r2.status, 409);
    assert.equal(r2.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const p2 = (await r2.json()) as Record<string, unknown>;
    assert.equal(p2.type, 'https://tributary.dev/problems/conflict');

    const r3 = await fetch(`${srv.url}/boom`);
    assert.equal(r3.status, 500);
    assert.doesNotMatch(await r3.text(), /secret internals/);

    const r4 = await fetch(`${srv.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x: 'y'.repeat(2048) }),
    });
    assert.equal(r4.status, 413);
    assert.equal((await fetch(`${srv.url}/nope`)).status, 404);

    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    assert.match(
      metrics,
      /http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status_code="200"\} 2/,
    );
    assert.match(metrics, /process_cpu_user_seconds_total/);
  } finally {
    await srv.close();
  }
  const inside = lines.find((l) => l.message === 'inside');
  assert.equal(inside?.requestId, 'abc-123');
  assert.equal(inside?.seen, 'abc-123');
  const access = lines.find((l) => l.message === 'request' && l.requestId === 'abc-123');
  assert.equal(access?.route, '/things/:id');
  assert.equal(access?.status, 200);
  assert.equal(typeof access?.latencyMs, 'number');
});
