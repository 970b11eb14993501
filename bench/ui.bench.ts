// The web UI on BENCH_ITEMS (100k) items: bytes over the wire for the first load (gzip) and the time
// from navigation to the first paint and to the first page of items, in Debian's Chromium.
// Writes bench/results/ui.json. Never asserts timings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { bootstrapAdmin, startTestApi } from '../services/api/test/harness.ts';
import { loadStore, makeItem, upsertEvent } from '../services/api/test/fixtures.ts';
import type { FixtureFeed } from '../services/api/test/fixtures.ts';
import { launchBrowser } from '../services/api/test/browser.ts';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const feed: FixtureFeed = {
  uid: 'bench-ui-feed',
  namespace: 'demo',
  name: 'bench',
  url: 'https://b.example/f.xml',
  tags: [],
};

const api = await startTestApi();
const chrome = await launchBrowser();
try {
  await bootstrapAdmin(api);
  const t0 = Date.now();
  for (let i = 0; i < N; i += 10_000)
    await loadStore(
      api.databaseUrl,
      Array.from({ length: Math.min(10_000, N - i) }, (_, j) =>
        upsertEvent(feed, makeItem(feed, i + j), i + j + 1),
      ),
      2000,
    );
  console.log(`seeded ${N} items in ${Date.now() - t0} ms`);
  const ctx = await chrome.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await ctx.newPage();
  // Signed in once; then measure a cold load (empty cache) of the items page.
  await page.goto(api.url + '/');
  await page.getByLabel('Email').fill(api.adminEmail);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('ul[aria-label="Items"] li').first().waitFor();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const cold = await ctx.newPage();
    const cdp = await ctx.newCDPSession(cold);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    await cold.goto(api.url + '/#/items');
    await cold.locator('ul[aria-label="Items"] li').first().waitFor();
    const timing = await cold.evaluate(() => ({
      firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      itemsMs: performance.now(),
    }));
    runs.push({ ...timing, bytes, requests });
    await cold.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const result = {
    items: N,
    firstLoadBytes: median(runs.map((r) => r.bytes)),
    requests: median(runs.map((r) => r.requests)),
    firstContentfulPaintMs: median(runs.map((r) => r.firstPaintMs ?? 0)),
    firstItemsRenderedMs: median(runs.map((r) => r.itemsMs)),
    runs,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/ui.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
} finally {
  await chrome.close();
  await api.close();
}
