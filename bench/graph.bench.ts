// Graph and enrichment stages of the pipeline, against the real local stack (testkit isolation):
//   1. enrich: entity extraction alone (in process), items/s
//   2. graph writer alone (GraphWriter, rows → Neo4j), items/s, by batch size
//   3. worker stages through JetStream: N items pre-published to ITEMS, then `tributary worker enrich`
//      and `tributary worker graph` spawned; time until each durable consumer has drained.
// Writes bench/results/graph.json. Sizes: BENCH_ITEMS (default 5000).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, topologyNames, ensureTopology } from '@tributary/events';
import type { ItemUpsertedData } from '@tributary/events';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { enrichItem } from '@tributary/enricher';
import {
  countGraph,
  createGraphDriver,
  ensureGraphSchema,
  feedRow,
  graphConfigFromEnv,
  graphLabels,
  GraphWriter,
  itemRow,
} from '@tributary/graph';
import { useStack } from '@tributary/testkit';
import { eventually, itemData, publishItems } from '../services/graph-writer/test/fixtures.ts';

const N = Number(process.env.BENCH_ITEMS ?? 5000);
const FEEDS = 50;
const people = [
  'Angela Merkel',
  'Tim Cook',
  'Satya Nadella',
  'Ada Lovelace',
  'Grace Hopper',
  'Linus Torvalds',
];
const places = ['Berlin', 'Paris', 'London', 'Tokyo', 'São Paulo', 'Nairobi', 'Toronto'];
const orgs = ['Microsoft', 'NASA', 'the European Union', 'Google', 'the United Nations'];
const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;

/** A realistic item: headline + ~60-word summary with a few names, 2 tags, an author, 1–2 links. */
function syntheticItem(i: number, prefix = 'b'): ItemUpsertedData {
  const feed = `${prefix}f${i % FEEDS}`;
  const p = pick(people, i);
  const q = pick(places, i * 7);
  const o = pick(orgs, i * 3);
  const summary =
    `<p>${p} met officials from ${o} in ${q} on Tuesday to discuss new rules for data centres and ` +
    `the energy they use. Analysts said the talks could shape investment across the region for years, ` +
    `while critics in ${pick(places, i + 3)} warned that the plans were rushed. ` +
    `<a href="https://${prefix}f${(i + 1) % FEEDS}.example/k${i + 1}">Earlier coverage</a> ` +
    `and <a href="https://${feed}.example/k${Math.max(0, i - 5)}">background</a>.</p>`;
  return itemData(feed, `k${i}`, {
    title: `${p} and ${o} meet in ${q} over data centre rules (${i})`,
    summary,
    categories: [pick(['policy', 'energy', 'tech', 'markets'], i), pick(['europe', 'asia', 'americas'], i)],
    authors: [{ name: `Reporter ${i % 40}`, email: '', uri: '' }],
    link: `https://${feed}.example/k${i}`,
  });
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/**
 * CPU milliseconds used so far by a process of the local stack (from /proc): on a shared machine
 * "items per Neo4j CPU-second" says more than wall-clock rates. null when unavailable.
 */
function serverCpuMs(runDir: string, server: string): number | null {
  try {
    const { pid } = JSON.parse(readFileSync(join(runDir, `${server}.pid`), 'utf8')) as { pid: number };
    return processCpuMs(pid);
  } catch {
    return null;
  }
}

function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the command name), in
    // clock ticks of 10 ms (CLK_TCK = 100 on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
const results: Record<string, unknown> = {
  items: N,
  feeds: FEEDS,
  cpus: (await import('node:os')).availableParallelism(),
};

// 1. Extraction alone. CPU time too: the machine is shared, so wall-clock rates understate it.
{
  const items = Array.from({ length: Math.min(N, 3000) }, (_, i) => syntheticItem(i));
  for (const d of items.slice(0, 200)) enrichItem(d); // warm-up (JIT, lexicon)
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let entities = 0;
  for (const d of items) entities += enrichItem(d).entities.length;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  results.extract = {
    items: items.length,
    ms: Math.round(ms),
    itemsPerSec: rate(items.length, ms),
    itemsPerCpuSec: rate(items.length, cpuMs),
    entitiesPerItem: +(entities / items.length).toFixed(2),
  };
  console.log('extract', results.extract);
}

const stack = await useStack({ servers: ['nats', 'neo4j'] });
const cfg = graphConfigFromEnv();
const driver = createGraphDriver(cfg);
try {
  // 2. Graph writer alone, per batch size (fresh label space each).
  const writer: Record<string, unknown> = {};
  for (const batch of [250, 500, 1000]) {
    const labels = graphLabels(`${stack.neo4jLabelPrefix}w${batch}_`);
    await ensureGraphSchema(driver, cfg.database, labels);
    const w = new GraphWriter(driver, cfg.database, labels);
    const events = Array.from({ length: N }, (_, i) => syntheticItem(i));
    const at = new Date().toISOString();
    const neo0 = serverCpuMs(stack.config.paths.runDir, 'neo4j');
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      await w.upsertItems(
        slice.map(feedRow),
        slice.map((e) => itemRow(e, at)),
      );
    }
    const ms = performance.now() - t0;
    const neo1 = serverCpuMs(stack.config.paths.runDir, 'neo4j');
    const c = await countGraph(driver, cfg.database, labels);
    writer[`batch${batch}`] = {
      ms: Math.round(ms),
      itemsPerSec: rate(N, ms),
      itemsPerNeo4jCpuSec: neo0 !== null && neo1 !== null ? rate(N, neo1 - neo0) : null,
      linksTo: c.linksTo,
      tagged: c.tagged,
    };
    console.log('writer', batch, writer[`batch${batch}`]);
  }
  results.writer = writer;

  // 3. Worker stages through JetStream.
  const nc = await connectNats({ servers: [stack.NATS_URL], prefix: stack.natsPrefix });
  await ensureTopology(nc, { prefix: stack.natsPrefix });
  const items = Array.from({ length: N }, (_, i) => syntheticItem(i, 'p'));
  const tp = performance.now();
  await publishItems(nc, stack.natsPrefix, items);
  const publishMs = performance.now() - tp;
  const labels = graphLabels(stack.neo4jLabelPrefix);
  const jsm = await jetstreamManager(nc);
  const enrichedStream = topologyNames(stack.natsPrefix).streams.ENRICHED;
  // The workers as they run in production: separate `tributary worker …` processes.
  const childEnv = {
    ...process.env,
    NATS_URL: stack.NATS_URL,
    NEO4J_URL: stack.NEO4J_URL,
    TRIBUTARY_NATS_PREFIX: stack.natsPrefix,
    TRIBUTARY_NEO4J_LABEL_PREFIX: labels.prefix,
    TRIBUTARY_METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const bin = fileURLToPath(new URL('../bin/tributary.js', import.meta.url));
  const neoStage0 = serverCpuMs(stack.config.paths.runDir, 'neo4j');
  const t0 = performance.now();
  const workers = (['enrich', 'graph'] as const).map((role) =>
    spawn(process.execPath, [bin, 'worker', role], {
      env: childEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  // A stage is done when its durable consumer has nothing pending or unacked.
  const drained = async (stream: string, durable: string) => {
    const ci = await jsm.consumers.info(stream, durable).catch(() => null);
    return ci !== null && ci.num_pending + ci.num_ack_pending === 0 && ci.delivered.stream_seq > 0;
  };
  const itemsStream = topologyNames(stack.natsPrefix).streams.ITEMS;
  const stageMs: Record<string, number> = {};
  await eventually(
    async () => {
      for (const [name, stream, durable] of [
        ['graph', itemsStream, 'graph-writer-items'],
        ['enrich', itemsStream, 'enricher'],
      ] as const) {
        if (stageMs[name] === undefined && (await drained(stream, durable)))
          stageMs[name] = performance.now() - t0;
      }
      return stageMs.graph !== undefined && stageMs.enrich !== undefined;
    },
    (done) => done,
    900_000,
  );
  await eventually(
    () => drained(enrichedStream, 'graph-writer-enriched'),
    (done) => done,
    900_000,
  );
  const allMs = performance.now() - t0;
  const neoStage1 = serverCpuMs(stack.config.paths.runDir, 'neo4j');
  const [enrichCpu, graphCpu] = workers.map((w) => processCpuMs(w.pid));
  const perCpuSec = (ms: number | null | undefined) => (ms ? rate(N, ms) : null);
  const final = await countGraph(driver, cfg.database, labels);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
  await nc.drain();
  results.workers = {
    publishItemsPerSec: rate(N, publishMs),
    graphItemsMs: Math.round(stageMs.graph!),
    graphItemsPerSec: rate(N, stageMs.graph!),
    enrichMs: Math.round(stageMs.enrich!),
    enrichItemsPerSec: rate(N, stageMs.enrich!),
    allMentionsMs: Math.round(allMs),
    itemsToMentionsPerSec: rate(N, allMs),
    // Load-independent view: items per CPU-second of each process (startup included for workers).
    // Neo4j's figure counts all its CPU in the window: on a stack shared with other test runs it is
    // a lower bound (the writer-only figures above, over shorter windows, are closer).
    itemsPerCpuSec: {
      enrichWorker: perCpuSec(enrichCpu),
      graphWorker: perCpuSec(graphCpu),
      neo4j: neoStage0 !== null && neoStage1 !== null ? perCpuSec(neoStage1 - neoStage0) : null,
    },
    counts: final,
    loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
    note: 'tributary worker enrich + worker graph as child processes, concurrently, sharing the cores with NATS and Neo4j (and, here, other work: see loadAverage)',
  };
  console.log('workers', results.workers);
} finally {
  await driver.close();
  await stack.cleanup();
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/graph.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
