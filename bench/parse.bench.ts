// Parse benchmark: our parseFeed (parse + full normalization + HTML sanitization) against the
// npm feed parsers on the same generated corpus, in one process, one run, several iterations per
// cell; then the HTML sanitizer alone (no feed parsing) against sanitize-html and DOMPurify (on
// jsdom) over the corpus's content fields. Writes bench/results/parse.json and
// bench/results/parse.md. Reports; never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed as rowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmith } from 'feedsmith';
import RssParser from 'rss-parser';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import sanitizeHtmlLib from 'sanitize-html';
import { parseFeed } from '@tributary/feeds';
import { sanitizeHtml } from '../libs/feeds/src/normalize/sanitize.ts';
import { generate, SIZES } from './corpus/generate.ts';
import type { BenchFormat, BenchSize } from './corpus/generate.ts';

type Run = (text: string, format: BenchFormat) => unknown;

// A full collection before every timed parse, so each parser pays for its own garbage and not for
// what the previous one left behind (the parsers are interleaved).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const rssParser = new RssParser();
const parsers: Record<string, Run> = {
  tributary: (text) => parseFeed(text, { url: 'https://bench.example.com/feed' }),
  feedsmith: (text) => feedsmith(text),
  'rss-parser': (text, format) => (format === 'json' ? SKIP : rssParser.parseString(text)),
  '@rowanmanning/feed-parser': (text, format) => (format === 'json' ? SKIP : rowanmanning(text)),
  '@extractus/feed-extractor': (text, format) =>
    format === 'json' ? extractFromJson(text) : extractFromXml(text),
};
const SKIP = Symbol('unsupported');

const FORMATS: BenchFormat[] = ['rss', 'atom', 'rdf', 'json'];
const SIZE_NAMES = Object.keys(SIZES) as BenchSize[];
/** Per cell: at least MIN_ROUNDS rounds and BUDGET_MS per parser, after warm-up. */
const MIN_ROUNDS = 5;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 400);
const WARMUP = 2;

interface Cell {
  format: BenchFormat;
  size: BenchSize;
  parser: string;
  bytes: number;
  items: number;
  iterations: number;
  /** Median main-thread CPU time (user + system) of one parse: stable on a shared, loaded machine. */
  medianCpuMs: number | null;
  /** Median wall-clock time of one parse. */
  medianWallMs: number | null;
  mbPerSec: number | null;
  itemsPerSec: number | null;
  error: string | null;
}

interface Sample {
  cpu: number[];
  wall: number[];
  error: string | null;
}

/**
 * Rounds interleave the parsers (each runs once per round), so load from other processes on the
 * machine falls on all of them alike instead of on whichever happened to run during a spike.
 */
async function measureCell(text: string, format: BenchFormat): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  for (const [name, run] of Object.entries(parsers)) {
    const sample: Sample = { cpu: [], wall: [], error: null };
    samples.set(name, sample);
    try {
      for (let i = 0; i < WARMUP; i++) if ((await run(text, format)) === SKIP) sample.error = 'unsupported';
    } catch (err) {
      sample.error = (err as Error).message.split('\n')[0] ?? 'error';
    }
  }
  const started = performance.now();
  const active = [...samples].filter(([, s]) => s.error === null);
  for (let round = 0; round < 500; round++) {
    if (round >= MIN_ROUNDS && performance.now() - started >= BUDGET_MS * active.length) break;
    for (const [name, sample] of active) {
      const run = parsers[name] as Run;
      gc();
      const c0 = process.threadCpuUsage();
      const t0 = performance.now();
      await run(text, format);
      const wall = performance.now() - t0;
      const cpu = process.threadCpuUsage(c0);
      sample.wall.push(wall);
      sample.cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  return samples;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const loadBefore = loadavg();
const cells: Cell[] = [];
for (const format of FORMATS) {
  for (const size of SIZE_NAMES) {
    const { text, items } = generate(format, size);
    const bytes = Buffer.byteLength(text);
    for (const [name, sample] of await measureCell(text, format)) {
      const ok = sample.error === null && sample.cpu.length > 0;
      // CPU time has a coarse clock: fall back to wall time for sub-millisecond parses.
      const cpu = ok ? median(sample.cpu) : null;
      const wall = ok ? median(sample.wall) : null;
      const basis = cpu !== null && wall !== null ? (cpu > 0.5 ? cpu : wall) : null;
      cells.push({
        format,
        size,
        parser: name,
        bytes,
        items,
        iterations: sample.cpu.length,
        medianCpuMs: cpu === null ? null : round(cpu, 3),
        medianWallMs: wall === null ? null : round(wall, 3),
        mbPerSec: basis === null ? null : round(bytes / 1e6 / (basis / 1000), 2),
        itemsPerSec: basis === null ? null : Math.round(items / (basis / 1000)),
        error: sample.error,
      });
      console.log(
        `${format}/${size} ${name}: ${ok ? `${cpu?.toFixed(2)} ms cpu, ${wall?.toFixed(2)} ms wall` : sample.error}`,
      );
    }
  }
}

// The sanitizers alone: the same HTML fields, no feed parsing. "corpus" is the generated content
// (our fast path takes it); "messy" adds a table and a stray end tag to each field, which sends
// ours to parse5.
const purify = createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]);
const sanitizeHtmlOptions = { allowedTags: [...sanitizeHtmlLib.defaults.allowedTags, 'img'] };
const sanitizers: Record<string, (html: string) => string> = {
  tributary: (html) => sanitizeHtml(html, 'https://bench.example.com/feed'),
  'sanitize-html': (html) => sanitizeHtmlLib(html, sanitizeHtmlOptions),
  'DOMPurify (jsdom)': (html) => purify.sanitize(html),
};
const jsonItems = (JSON.parse(generate('json', 'medium').text) as { items: { content_html?: string }[] })
  .items;
const corpusFields = jsonItems.map((it) => it.content_html ?? '').filter((h) => h !== '');
const SANITIZE_SETS: Record<string, string[]> = {
  corpus: corpusFields,
  messy: corpusFields.map((h) => `<table><tr><td>${h.slice(0, 200)}</td></tr></table>${h}</div>`),
};
interface SanitizeCell {
  set: string;
  sanitizer: string;
  bytes: number;
  fields: number;
  iterations: number;
  medianCpuMs: number;
  mbPerSec: number;
}
const sanitizeCells: SanitizeCell[] = [];
for (const [set, fields] of Object.entries(SANITIZE_SETS)) {
  const bytes = fields.reduce((n, h) => n + Buffer.byteLength(h), 0);
  const cpu = new Map<string, number[]>(Object.keys(sanitizers).map((k) => [k, []]));
  for (const run of Object.values(sanitizers)) for (const h of fields) run(h); // warm-up
  const started = performance.now();
  for (let r = 0; r < 200; r++) {
    if (r >= MIN_ROUNDS && performance.now() - started >= BUDGET_MS * Object.keys(sanitizers).length) break;
    for (const [name, run] of Object.entries(sanitizers)) {
      gc();
      const c0 = process.threadCpuUsage();
      for (const h of fields) run(h);
      const c = process.threadCpuUsage(c0);
      cpu.get(name)?.push((c.user + c.system) / 1000);
    }
  }
  for (const [name, samples] of cpu) {
    const ms = median(samples);
    sanitizeCells.push({
      set,
      sanitizer: name,
      bytes,
      fields: fields.length,
      iterations: samples.length,
      medianCpuMs: round(ms, 3),
      mbPerSec: round(bytes / 1e6 / (ms / 1000), 2),
    });
    console.log(`sanitize/${set} ${name}: ${ms.toFixed(2)} ms cpu`);
  }
}
const loadAfter = loadavg();

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const environment = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString(),
  /** 1/5/15-minute load averages at the start and the end: the machine is shared. */
  loadavgBefore: loadBefore.map((x) => round(x, 2)),
  loadavgAfter: loadAfter.map((x) => round(x, 2)),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/parse.json', import.meta.url),
  JSON.stringify({ environment, budgetMs: BUDGET_MS, cells, sanitizers: sanitizeCells }, null, 2) + '\n',
);

// Markdown: one table per format; the last column compares us with the fastest competitor.
const names = Object.keys(parsers);
const lines = [
  '# Parse benchmark',
  '',
  `Node ${environment.node}, ${environment.cpu} (${environment.cores} cores), ${environment.date}. One process, one run;`,
  `parsers interleaved round by round (full GC before each timed parse), ≥${MIN_ROUNDS} rounds and ≥${BUDGET_MS} ms`,
  `each per cell after ${WARMUP} warm-ups;`,
  'throughput from the median main-thread CPU time (user+system) of one parse — the machine is shared, so wall',
  'time mostly measures the neighbours (it is in parse.json too). MB/s (items/s).',
  'tributary = parse + full normalization (dates, URLs, keys, hashes) + allowlist HTML sanitization;',
  'the others only parse (none sanitizes HTML). Corpus: bench/corpus/generate.ts.',
  `Load average (1/5/15 min) ${environment.loadavgBefore.join(' ')} at the start, ${environment.loadavgAfter.join(' ')} at the end.`,
  '',
];
for (const format of FORMATS) {
  lines.push(
    `## ${format}`,
    '',
    `| size | ${names.join(' | ')} | tributary vs fastest other |`,
    `|---|${names.map(() => '---|').join('')}---|`,
  );
  for (const size of SIZE_NAMES) {
    const row = cells.filter((c) => c.format === format && c.size === size);
    const ours = row.find((c) => c.parser === 'tributary');
    const others = row.filter((c) => c.parser !== 'tributary' && c.mbPerSec !== null);
    const best = others.reduce<Cell | undefined>(
      (b, c) => (b === undefined || (c.mbPerSec ?? 0) > (b.mbPerSec ?? 0) ? c : b),
      undefined,
    );
    const ratio =
      ours?.mbPerSec != null && best?.mbPerSec != null
        ? `${(ours.mbPerSec / best.mbPerSec).toFixed(2)}× ${best.parser}`
        : '-';
    const first = row[0];
    const label = `${size} (${first?.items ?? 0} items, ${((first?.bytes ?? 0) / 1024).toFixed(0)} KiB)`;
    lines.push(
      `| ${label} | ${names.map((n) => fmt(row.find((c) => c.parser === n))).join(' | ')} | ${ratio} |`,
    );
  }
  lines.push('');
}
lines.push(
  '## HTML sanitizer alone',
  '',
  'The content fields of the medium JSON corpus, no feed parsing; median CPU time of one pass over all fields.',
  '`corpus` as generated (tributary: fast path); `messy` adds a table and a stray end tag to each field',
  '(tributary: parse5 path). sanitize-html with its default allowlist plus img; DOMPurify 3 on jsdom.',
  '',
  `| set | ${Object.keys(sanitizers).join(' | ')} |`,
  `|---|${Object.keys(sanitizers)
    .map(() => '---|')
    .join('')}`,
);
for (const set of Object.keys(SANITIZE_SETS)) {
  const row = sanitizeCells.filter((c) => c.set === set);
  const first = row[0];
  lines.push(
    `| ${set} (${first?.fields ?? 0} fields, ${((first?.bytes ?? 0) / 1024).toFixed(0)} KiB) | ${row.map((c) => `${c.mbPerSec} MB/s`).join(' | ')} |`,
  );
}
lines.push('');
writeFileSync(new URL('./results/parse.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));

function fmt(c: Cell | undefined): string {
  if (c === undefined) return '-';
  if (c.mbPerSec === null) return c.error === 'unsupported' ? 'n/a' : `error: ${c.error}`;
  return `${c.mbPerSec} (${c.itemsPerSec})`;
}
