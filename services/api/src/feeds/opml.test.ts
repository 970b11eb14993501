import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpProblem } from '@tributary/http';
import { feedNameFor, importOutlines, tagsOf } from './opml.ts';

test('feed names are DNS labels, derived from title or host, and unique', () => {
  const taken = new Set<string>(['hacker-news']);
  assert.equal(
    feedNameFor({ url: 'https://news.ycombinator.com/rss', title: 'Hacker News', categories: [] }, taken),
    'hacker-news-2',
  );
  assert.equal(
    feedNameFor({ url: 'https://www.example.org/feed', title: null, categories: [] }, taken),
    'example-org',
  );
  assert.equal(feedNameFor({ url: 'x', title: '日本語', categories: [] }, taken), 'feed');
  const long = feedNameFor({ url: 'https://a.b', title: 'x'.repeat(200), categories: [] }, taken);
  assert.ok(long.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(long));
});

test('OPML categories become tags', () => {
  assert.deepEqual(tagsOf({ url: '', title: null, categories: ['/Tech/News', 'tech'] }), ['tech', 'news']);
});

test('import reports one result per entry: created, exists, invalid, rejected by Kubernetes', async () => {
  const created: string[] = [];
  const report = await importOutlines(
    [
      { url: 'https://a.example/feed', title: 'A', categories: [] },
      { url: 'https://a.example/feed', title: 'A again', categories: [] },
      { url: 'ftp://b.example/feed', title: 'B', categories: [] },
      { url: 'https://known.example/feed', title: 'Known', categories: [] },
      { url: 'https://c.example/feed', title: 'C', categories: [] },
    ],
    {
      namespace: 'ns',
      interval: '1h',
      existingUrls: new Set(['https://known.example/feed']),
      existingNames: new Set(),
      create: async (_ns, name, spec) => {
        if (name === 'c') throw new Error('k8s said no');
        created.push(`${name}:${spec.url}:${spec.interval}`);
      },
      describeError: () => new HttpProblem('unprocessable', 'spec.url: bad'),
    },
  );
  assert.deepEqual(created, ['a:https://a.example/feed:1h']);
  assert.deepEqual(
    report.results.map((r) => r.outcome),
    ['created', 'exists', 'invalid', 'exists', 'invalid'],
  );
  assert.equal(report.namespace, 'ns', 'the report says where the Feeds went');
  assert.equal(report.created, 1);
  assert.equal(report.skipped, 2);
  assert.equal(report.failed, 2);
});
