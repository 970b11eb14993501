// spec.content.fullText against real NATS JetStream and the fixture server (its /items/F/I pages
// are news-article layouts): fetched once per item, stored as content, refused for private
// addresses unless allowed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstreamManager } from '@nats-io/jetstream';
import { decodeEventOf, subjects, topologyNames } from '@tributary/events';
import type { NormalizedItem } from '@tributary/feeds';
import { Fetcher } from '@tributary/feeds/fetch';
import { createLogger } from '@tributary/log';
import { withFullText } from '../src/fulltext.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
before(async () => {
  h = await harness({ feeds: 1, items: 4 });
});
after(async () => {
  await h.close();
});

const pageRequests = () => h.server.requests.filter((r) => r.url.startsWith('/items/')).length;

async function published(feedUid: string): Promise<NormalizedItem[]> {
  const jsm = await jetstreamManager(h.nc);
  const consumer = await jsm.jetstream().consumers.get(topologyNames(h.prefix).streams.ITEMS, {
    filter_subjects: [subjects(h.prefix).itemUpserted(feedUid)],
  });
  const out: NormalizedItem[] = [];
  try {
    for await (const m of await consumer.fetch({ max_messages: 100, expires: 1_000 }))
      out.push(decodeEventOf('item.upserted', m.data).data.item);
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return out;
}

test('each new item’s article is fetched once and published as its content', async () => {
  const feed = h.feed(h.server.feedUrl(0, 'rss2'), { content: { fullText: true } });
  const before = pageRequests();
  const report = await h.run(feed, { fullTextSpacingMs: 0 });
  assert.equal(report.itemsPublished, 4);
  assert.equal(pageRequests() - before, 4, 'one page request per item');
  const items = await published(feed.uid);
  for (const item of items) {
    assert.match(item.content, /Full text of item \d+ in feed 0: the river authority/);
    assert.ok(!/Buy now|First!|onclick|<script/.test(item.content), item.content);
  }

  await h.run(feed, { force: true, fullTextSpacingMs: 0 });
  await h.run(feed, { force: true, fullTextSpacingMs: 0 });
  assert.equal(pageRequests() - before, 4, 'refreshes fetch no page again');
  h.server.editItems(0, 1);
  await h.run(feed, { force: true, fullTextSpacingMs: 0 });
  assert.equal(pageRequests() - before, 5, 'an edited item’s page is fetched for its new version');
});

test('without fullText no page is fetched', async () => {
  const feed = h.feed(h.server.feedUrl(0, 'atom10'));
  const before = pageRequests();
  await h.run(feed);
  assert.equal(pageRequests(), before);
});

test('a page on a private address is refused unless private networks are allowed', async () => {
  const log = createLogger('fulltext-test');
  const fetcher = new Fetcher({ allowPrivateNetworks: false });
  const link = `${h.server.url}/items/0/1`;
  const base: NormalizedItem = {
    key: 'k',
    guid: 'g',
    link,
    title: 't',
    summary: '',
    content: '<p>feed content</p>',
    published: null,
    updated: null,
    authors: [],
    categories: [],
    enclosures: [],
    contentHash: 'h',
    language: '',
  };
  const before = pageRequests();
  try {
    const r = await withFullText([base], { fetcher, log, perHostSpacingMs: 0 });
    assert.equal(r.fetched, 0);
    assert.equal(r.failed, 1);
    assert.equal(r.items[0]?.content, '<p>feed content</p>', 'the feed’s content is kept');
    assert.match([...r.byHost.values()][0]?.lastError ?? '', /private|loopback|blocked/i);
    assert.equal(pageRequests(), before, 'no request reached the server');
  } finally {
    await fetcher.close();
  }
});
