// Parse benchmark: our parseFeed (parse + full normalization + HTML sanitization) against the
// npm feed parsers on the same generated corpus, in one process, one run, several iterations per
// cell. Writes bench/results/parse.json and bench/results/parse.md. Reports; never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed as rowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmith } from 'feedsmith';
import RssParser from 'rss-parser';
import { parseFeed } from '@tributary/feeds';
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

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const environment = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString(),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/parse.json', import.meta.url),
  JSON.stringify({ environment, budgetMs: BUDGET_MS, cells }, null, 2) + '\n',
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
writeFileSync(new URL('./results/parse.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));

function fmt(c: Cell | undefined): string {
  if (c === undefined) return '-';
  if (c.mbPerSec === null) return c.error === 'unsupported' ? 'n/a' : `error: ${c.error}`;
  return `${c.mbPerSec} (${c.itemsPerSec})`;
}
