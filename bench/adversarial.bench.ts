// Adversarial benchmark (issue 13): every hostile shape in libs/feeds/src/testing/adversarial-shapes.ts at 1×/2×/4×/8×
// of a base size, plus the fetcher's 15 MiB cap, each parsed once in a fresh child process so its
// peak RSS is its own. Reports CPU time, throughput, time growth against 1× and peak RSS growth
// over the process baseline; a refusal (too-large) is an outcome, not a failure. Writes
// bench/results/adversarial.json and .md. Reports; never asserts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseFeed, ParseError } from '@tributary/feeds';
import { SHAPES } from '@tributary/feeds/testing';

const BASE_BYTES = 256 * 1024;
const FACTORS = [1, 2, 4, 8];
const CAP_BYTES = 15 * 1024 * 1024;

interface Row {
  shape: string;
  label: string;
  bytes: number;
  outcome: string;
  cpuMs: number;
  mbPerSec: number;
  /** Peak RSS of the child minus its RSS just before parsing (document already built). */
  peakRssDeltaMiB: number;
  peakRssMiB: number;
}

if (process.argv[2] === '--one') {
  // Child: build one document, parse it once, print one JSON line.
  const [shape = '', bytesArg = '0'] = process.argv.slice(3);
  const doc = (SHAPES[shape] as (b: number) => string)(Number(bytesArg));
  const before = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  let outcome: string;
  try {
    const parsed = parseFeed(doc);
    outcome = `ok (${parsed.items.length} items)`;
  } catch (err) {
    outcome = err instanceof ParseError ? err.code : `crash: ${(err as Error).message}`;
  }
  const used = process.cpuUsage(cpu);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      bytes: doc.length,
      outcome,
      cpuMs: (used.user + used.system) / 1000,
      peakRssDeltaMiB: Math.max(0, peak - before) / 2 ** 20,
      peakRssMiB: peak / 2 ** 20,
    }) + '\n',
  );
} else {
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  for (const shape of Object.keys(SHAPES)) {
    const sizes: [string, number][] = [
      ...FACTORS.map((f) => [`${f}×`, BASE_BYTES * f] as [string, number]),
      ['15 MiB', CAP_BYTES],
    ];
    for (const [label, bytes] of sizes) {
      const r = spawnSync(process.execPath, [self, '--one', shape, String(bytes)], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      const out = r.stdout.trim().split('\n').pop() ?? '';
      const m = out.startsWith('{') ? (JSON.parse(out) as Omit<Row, 'shape' | 'label' | 'mbPerSec'>) : null;
      const row: Row = m
        ? { shape, label, ...m, mbPerSec: m.bytes / 2 ** 20 / (m.cpuMs / 1000) }
        : {
            shape,
            label,
            bytes,
            outcome: `child failed: ${r.error?.message ?? r.stderr.split('\n')[0]}`,
            cpuMs: NaN,
            mbPerSec: NaN,
            peakRssDeltaMiB: NaN,
            peakRssMiB: NaN,
          };
      rows.push(row);
      console.log(
        `${shape} ${label}: ${row.outcome} ${row.cpuMs.toFixed(1)} ms, +${row.peakRssDeltaMiB.toFixed(1)} MiB`,
      );
    }
  }
  const env = `Node ${process.version}, ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? '?'} (${cpus().length} cores), ${new Date().toISOString()}`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/adversarial.json', import.meta.url),
    JSON.stringify({ env, baseBytes: BASE_BYTES, rows }, null, 2) + '\n',
  );
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const lines = [
    '# Adversarial parse benchmark',
    '',
    `${env}. One parse per cell in a fresh child process (bench/adversarial.bench.ts, shapes in`,
    'libs/feeds/src/testing/adversarial-shapes.ts). CPU ms = main-thread user+system time of parseFeed; growth = CPU',
    'time / the 1× cell (linear ≈ the size factor); RSS Δ = peak RSS minus RSS before parsing.',
    '',
    '| shape | size | KiB | outcome | CPU ms | MB/s | growth vs 1× | RSS Δ MiB | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const one = rows.find((o) => o.shape === r.shape && o.label === '1×');
    lines.push(
      `| ${r.shape} | ${r.label} | ${Math.round(r.bytes / 1024)} | ${r.outcome} | ${f(r.cpuMs)} | ${f(r.mbPerSec)} | ${one ? f(r.cpuMs / one.cpuMs, 2) : '-'} | ${f(r.peakRssDeltaMiB)} | ${f(r.peakRssMiB)} |`,
    );
  }
  writeFileSync(new URL('./results/adversarial.md', import.meta.url), lines.join('\n') + '\n');
}
