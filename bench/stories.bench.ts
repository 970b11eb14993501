// Story detection benchmark: precision/recall of same-story pairs on the labelled corpus
// (bench/corpus/stories.json), and the CPU cost per item of fingerprinting + assignment, measured
// on the corpus repeated with distinct ids so the index grows as in a live store. Writes
// bench/results/stories.json and .md. Reports; never asserts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { StoryIndex, fingerprint } from '@tributary/stories';

interface CorpusItem {
  id: string;
  feed: string;
  event: string;
  kind: string;
  title: string;
  summary: string;
  content: string;
  link: string;
  published: string;
}
const corpus = JSON.parse(readFileSync(new URL('corpus/stories.json', import.meta.url), 'utf8')) as {
  items: CorpusItem[];
};

function assignAll(items: CorpusItem[], suffix = ''): Map<string, string> {
  const index = new StoryIndex();
  const story = new Map<string, string>();
  for (const it of items) {
    const id = `${it.feed}:${it.id}${suffix}`;
    const fp = fingerprint({ ...it, itemId: id, feedUrl: `https://${it.feed}.example/feed` });
    story.set(it.id, index.assign(id, fp, Date.parse(it.published)).storyId);
  }
  return story;
}

// Pairwise: a pair is positive when both items have the same labelled event.
const story = assignAll(corpus.items);
let tp = 0;
let fp = 0;
let fn = 0;
const errors: string[] = [];
const its = corpus.items;
for (let i = 0; i < its.length; i++)
  for (let j = i + 1; j < its.length; j++) {
    const truth = its[i]!.event === its[j]!.event;
    const got = story.get(its[i]!.id) === story.get(its[j]!.id);
    if (truth && got) tp++;
    else if (got) {
      fp++;
      errors.push(`false merge: ${its[i]!.id} + ${its[j]!.id}`);
    } else if (truth) {
      fn++;
      errors.push(`missed: ${its[i]!.id} (${its[i]!.kind}) + ${its[j]!.id} (${its[j]!.kind})`);
    }
  }
const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
const recall = tp + fn === 0 ? 1 : tp / (tp + fn);

// Cost: the corpus repeated ROUNDS times with distinct ids (each round its own time window, so
// rounds do not merge), one index over all of them.
const ROUNDS = Number(process.env.BENCH_STORY_ROUNDS ?? 200);
const many: CorpusItem[] = [];
for (let r = 0; r < ROUNDS; r++)
  for (const it of its)
    many.push({
      ...it,
      id: `${it.id}-${r}`,
      published: new Date(Date.parse(it.published) + r * 10 * 86400_000).toISOString(),
    });
assignAll(many.slice(0, 200), '-warm');
const before = cpuUsage();
assignAll(many);
const used = cpuUsage(before);
const cpuUsPerItem = (used.user + used.system) / many.length;

const result = {
  items: its.length,
  pairs: { truePositive: tp, falsePositive: fp, falseNegative: fn },
  precision: Number(precision.toFixed(3)),
  recall: Number(recall.toFixed(3)),
  stories: new Set(story.values()).size,
  events: new Set(its.map((i) => i.event)).size,
  costItems: many.length,
  cpuMicrosecondsPerItem: Number(cpuUsPerItem.toFixed(1)),
  errors,
};
mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/stories.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  new URL('results/stories.md', import.meta.url),
  `| items | events | stories | precision | recall | CPU µs/item (${many.length} items) |\n|---|---|---|---|---|---|\n` +
    `| ${its.length} | ${result.events} | ${result.stories} | ${result.precision} | ${result.recall} | ${result.cpuMicrosecondsPerItem} |\n`,
);
console.log(JSON.stringify(result, null, 2));
