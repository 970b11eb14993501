import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, withLogContext } from '../src/index.ts';

test('log lines are JSON and carry the async context', async () => {
  const lines: string[] = [];
  const log = createLogger('test');
  log.clear().add(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(chunk.toString());
          cb();
        },
      }),
    }),
  );
  await withLogContext({ requestId: 'r-1' }, async () => {
    await Promise.resolve();
    log.info('hello', { n: 1 });
  });
  log.info('outside');
  const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(inside?.requestId, 'r-1');
  assert.equal(inside?.component, 'test');
  assert.equal(inside?.n, 1);
  assert.equal(outside?.requestId, undefined);
});
