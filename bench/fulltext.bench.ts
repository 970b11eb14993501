// Full-text and rules cost per item, in CPU-seconds (process.cpuUsage, user + system):
// - fulltext: article extraction (Readability on linkedom + our sanitizer) of a news-article page,
//   as one would be fetched per new item (the fetch itself is I/O and not counted);
// - rules: applyFeedRules over the generated corpus's items with a realistic rule set, without and
//   with an entity rule (which runs the enricher's extraction per item).
// Writes bench/results/fulltext.json. Reports; never asserts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseFeed } from '@tributary/feeds';
import { extractArticle } from '@tributary/feeds/fulltext';
import type { FeedRule, FeedSpec } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { applyFeedRules } from '../services/ingestor/src/rules.ts';
import { generate } from './corpus/generate.ts';

const cpuSeconds = (fn: () => void): number => {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};

const page = readFileSync(
  new URL('../libs/feeds/src/fulltext/testdata/article.html', import.meta.url),
  'utf8',
);
// A longer page: the fixture with its article body repeated (pageBytes in the results).
const big = page.replace(
  '</article>',
  `${page.slice(page.indexOf('<p>'), page.indexOf('<img'))}`.repeat(8) + '</article>',
);
const PAGES = 300;
for (let i = 0; i < 20; i++) extractArticle(big, 'https://news.example/a'); // warm-up
const fulltextCpu = cpuSeconds(() => {
  for (let i = 0; i < PAGES; i++) extractArticle(big, `https://news.example/a/${i}`);
});

const items = parseFeed(generate('rss', 'large').text, { url: 'https://bench.example.com/feed' }).items;
const log = createLogger('bench');
const textRules: FeedRule[] = [
  { action: 'Drop', field: 'title', contains: 'sponsored' },
  { action: 'Drop', field: 'link', regex: '/(jobs|events)/' },
  { action: 'Tag', field: 'content', regex: '(?i)\\b(kernel|rust|security)\\b', tags: ['tech'] },
  { action: 'Tag', field: 'author', regex: '@example\\.(org|com)$', tags: ['staff'] },
];
const entityRules: FeedRule[] = [
  ...textRules,
  { action: 'Tag', field: 'entity', regex: '^Paris$', tags: ['paris'] },
];
const spec = (rules: FeedRule[]): FeedSpec => ({
  url: 'https://bench.example.com/feed',
  interval: '15m',
  rules,
});
const ROUNDS = 5;
const rulesCpu = (rules: FeedRule[]) => {
  applyFeedRules(spec(rules), items, log); // warm-up
  return (
    cpuSeconds(() => {
      for (let r = 0; r < ROUNDS; r++) applyFeedRules(spec(rules), items, log);
    }) /
    (ROUNDS * items.length)
  );
};

const result = {
  when: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: loadavg(),
  fulltext: {
    pageBytes: Buffer.byteLength(big),
    pages: PAGES,
    cpuSecondsPerItem: fulltextCpu / PAGES,
  },
  rules: {
    items: items.length,
    textRules: textRules.length,
    cpuSecondsPerItemTextRules: rulesCpu(textRules),
    cpuSecondsPerItemWithEntityRule: rulesCpu(entityRules),
  },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/fulltext.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
