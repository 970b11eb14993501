import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readiness, runCheck } from './readiness.ts';

const up = (name: string, required: boolean) => ({ name, required, check: () => Promise.resolve() });
const down = (name: string, required: boolean) => ({
  name,
  required,
  check: () => Promise.reject(new Error('refused')),
});

test('required dependency down → unavailable; optional down → degraded; shutdown → unavailable', async () => {
  assert.equal((await readiness([up('postgres', true), up('neo4j', false)], false)).status, 'ok');
  const degraded = await readiness([up('postgres', true), down('neo4j', false)], false);
  assert.equal(degraded.status, 'degraded');
  assert.equal(degraded.checks.neo4j?.error, 'refused');
  assert.equal((await readiness([down('postgres', true), up('neo4j', false)], false)).status, 'unavailable');
  assert.equal((await readiness([up('postgres', true)], true)).status, 'unavailable');
});

test('a hanging check times out and is aborted', async () => {
  let aborted = false;
  const r = await runCheck(
    {
      name: 'slow',
      required: true,
      check: (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    },
    50,
  );
  assert.equal(r.status, 'down');
  assert.match(r.error ?? '', /within 50 ms/);
  assert.ok(aborted);
  assert.ok(r.latencyMs >= 40);
});
