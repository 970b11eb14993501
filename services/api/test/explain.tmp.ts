import pg from 'pg';
import { useStack } from '@tributary/testkit';
import { migrate } from './harness.ts';
import { loadStore, makeItem, upsertEvent } from './fixtures.ts';
import { buildListSql } from '../src/items/query.ts';
const stack = await useStack();
const url = await stack.createDatabase();
await migrate(url);
const feeds = Array.from({ length: 100 }, (_, f) => ({
  uid: `f${f}`,
  namespace: 'b',
  name: `f${f}`,
  url: `https://f${f}.e/x`,
  tags: [],
}));
const ev = [];
for (let i = 0; i < 100000; i++) {
  const f = feeds[i % 100]!;
  ev.push(upsertEvent(f, makeItem(f, i), i + 1));
}
await loadStore(url, ev, 1000);
const c = new pg.Client({ connectionString: url });
await c.connect();
await c.query('analyze');
for (const p of [{ limit: 50 }, { limit: 50, q: 'kubernetes' }, { limit: 50, q: 'report 4242' }]) {
  const { text, values } = buildListSql(p);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await c.query(text, values);
    console.log(JSON.stringify(p), 'ms', (performance.now() - t).toFixed(2));
  }
  const r = await c.query('explain analyze ' + text, values);
  console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
}
await c.end();
await stack.cleanup();
