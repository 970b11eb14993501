// spec.rules at ingest and their dry run over past items, against real NATS JetStream and the
// fixture server (titles are "Feed F item I").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstreamManager } from '@nats-io/jetstream';
import { decodeEventOf, subjects, topologyNames } from '@tributary/events';
import { createLogger } from '@tributary/log';
import { dryRunRules } from '../src/rules-cli.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
before(async () => {
  h = await harness({ feeds: 2, items: 10 });
});
after(async () => {
  await h.close();
});

const log = createLogger('rules-test');

async function publishedTitles(feedUid: string): Promise<Map<string, string[]>> {
  const jsm = await jetstreamManager(h.nc);
  const stream = topologyNames(h.prefix).streams.ITEMS;
  const consumer = await jsm
    .jetstream()
    .consumers.get(stream, { filter_subjects: [subjects(h.prefix).itemUpserted(feedUid)] });
  const out = new Map<string, string[]>();
  try {
    const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
    for await (const m of batch) {
      const { item } = decodeEventOf('item.upserted', m.data).data;
      out.set(item.title, item.categories);
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return out;
}

test('a Drop rule keeps matching items off the stream; Tag rules add categories', async () => {
  const feed = h.feed(h.server.feedUrl(0, 'rss2'), {
    rules: [
      { name: 'low', action: 'Drop', field: 'title', regex: 'item [0-4]\\b' },
      { action: 'Tag', field: 'title', contains: 'ITEM 7', tags: ['seven'] },
      { name: 'broken', action: 'Drop', field: 'title', regex: '(unclosed' },
    ],
  });
  const report = await h.run(feed);
  assert.equal(report.outcome, 'updated');
  assert.equal(report.itemsSeen, 10);
  assert.equal(report.itemsPublished, 5);
  const titles = await publishedTitles(feed.uid);
  assert.deepEqual([...titles.keys()].map((t) => /item (\d+)/.exec(t)?.[1]).sort(), [
    '5',
    '6',
    '7',
    '8',
    '9',
  ]);
  const seven = [...titles].find(([t]) => /item 7\b/.test(t));
  assert.ok(seven?.[1].includes('seven'), 'tagged');
  assert.ok(![...titles].filter(([t]) => !/item 7\b/.test(t)).some(([, c]) => c.includes('seven')));

  const again = await h.run(feed, { force: true });
  assert.equal(again.itemsPublished, 0, 'a refresh does not bring dropped items back');
});

test('the dry run counts what new rules would change in past items', async () => {
  const feed = h.feed(h.server.feedUrl(1, 'atom10'));
  assert.equal((await h.run(feed)).itemsPublished, 10);
  h.server.editItems(1, 1);
  await h.run(feed, { force: true });
  assert.equal(await h.itemCount(feed), 11, 'an edited version on the stream');

  const spec = {
    ...feed.spec,
    rules: [
      { action: 'Drop' as const, field: 'title' as const, regex: 'item [0-2]\\b' },
      { action: 'Tag' as const, field: 'any' as const, contains: 'item 9', tags: ['nine'] },
    ],
  };
  const counts = await dryRunRules(h.nc, h.prefix, feed.uid, spec, log);
  assert.deepEqual(counts, { items: 10, dropped: 3, tagged: 1, errors: [] });
  assert.equal(await h.itemCount(feed), 11, 'a dry run changes nothing');

  const none = await dryRunRules(h.nc, h.prefix, feed.uid, { ...feed.spec, rules: [] }, log);
  assert.deepEqual(none, { items: 10, dropped: 0, tagged: 0, errors: [] });
});
