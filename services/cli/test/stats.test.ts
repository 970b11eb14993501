// `tributary stats` against the real stack and against stores it cannot reach: an unreachable store
// is "unavailable" (null in --json), never zeros; exit 1 with one line only when nothing answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrm, migrateUp } from '@tributary/db';
import { connectNats, ensureTopology } from '@tributary/events';
import { useStack, freePort } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { main } from '../src/main.ts';
import type { Stats } from '../src/stats/model.ts';

let env: StackEnv;
let dead: number;
const saved = { ...process.env };

before(async () => {
  env = await useStack({ servers: ['postgres', 'nats', 'neo4j'] });
  process.env.DATABASE_URL = await env.createDatabase();
  const orm = await createOrm(process.env.DATABASE_URL, { poolMax: 2 });
  await migrateUp(orm);
  await orm.close();
  process.env.TRIBUTARY_NATS_PREFIX = env.natsPrefix;
  process.env.TRIBUTARY_NEO4J_LABEL_PREFIX = env.neo4jLabelPrefix;
  const nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  await ensureTopology(nc, { prefix: env.natsPrefix });
  await nc.close();
  dead = await freePort(); // nothing listens here: connection refused
});
after(async () => {
  process.env = saved;
  await env?.cleanup();
});

async function stats(json: boolean): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => void out.push(a.map(String).join(' '));
  console.error = (...a: unknown[]) => void err.push(a.map(String).join(' '));
  try {
    const code = await main(json ? ['stats', '--json'] : ['stats']);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

test('every source reachable: counts (zeros are real zeros), workers missing, exit 0', async () => {
  const r = await stats(true);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out) as Stats;
  assert.deepEqual(s.errors, {});
  assert.equal(s.postgres?.items, 0);
  assert.equal(s.neo4j?.items, 0);
  assert.equal(s.deadLettered, 0);
  assert.equal(s.workers?.status, 'degraded');
  assert.ok(s.workers?.consumers.every((c) => c.status === 'missing'));
  const human = await stats(false);
  assert.match(human.out, /^postgres\s+0\s+0\s+-\s+0\s+0$/m);
  assert.match(human.out, /missing \(never started\)/);
  assert.doesNotMatch(human.out, /unavailable/);
});

test('PostgreSQL and Neo4j unreachable: "unavailable" with the reason, never zeros; NATS still read, exit 0', async () => {
  const url = process.env.DATABASE_URL!;
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${dead}/x`;
  process.env.NEO4J_URL = `bolt://127.0.0.1:${dead}`;
  try {
    const r = await stats(true);
    assert.equal(r.code, 0);
    const s = JSON.parse(r.out) as Stats;
    assert.equal(s.postgres, null);
    assert.equal(s.neo4j, null);
    assert.match(s.errors.postgres ?? '', /ECONNREFUSED|connect/i);
    assert.ok(s.errors.neo4j);
    assert.ok(s.streams?.ITEMS, 'NATS is still reported');
    const human = await stats(false);
    assert.match(human.out, /^postgres\s+unavailable: /m);
    assert.match(human.out, /^neo4j\s+unavailable: /m);
    assert.doesNotMatch(human.out, /^postgres\s+0/m);

    process.env.NATS_URL = `nats://127.0.0.1:${dead}`;
    const none = await stats(false);
    assert.equal(none.code, 1);
    assert.equal(none.out, '');
    assert.equal(none.err.split('\n').length, 1, none.err);
    assert.match(none.err, /^tributary stats: nothing reachable: postgres: .*; neo4j: .*; nats: /);
  } finally {
    process.env.DATABASE_URL = url;
    process.env.NEO4J_URL = env.NEO4J_URL;
    process.env.NATS_URL = env.NATS_URL;
  }
});
