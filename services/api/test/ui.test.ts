// The web UI in a real headless Chromium against the real API and stack: sign in, search, open a
// story (or an item while stories are not served), open the graph; axe-core on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createGraphDriver, graphLabels } from '@tributary/graph';
import { bootstrapAdmin, startTestApi } from './harness.ts';
import type { TestApi } from './harness.ts';
import { loadGraph, loadStore, makeItem, upsertEvent } from './fixtures.ts';
import type { FixtureFeed } from './fixtures.ts';
import { launchBrowser } from './browser.ts';
import type { TestBrowser } from './browser.ts';

let api: TestApi;
let chrome: TestBrowser;
let page: Page;
const feed: FixtureFeed = {
  uid: 'ui-feed-0001',
  namespace: 'demo',
  name: 'news',
  url: 'https://news.example/feed.xml',
  tags: ['news'],
};
const PASSWORD = 'correct horse battery';

before(async () => {
  api = await startTestApi();
  await bootstrapAdmin(api);
  const events = Array.from({ length: 120 }, (_, i) => upsertEvent(feed, makeItem(feed, i), i + 1));
  await loadStore(api.databaseUrl, events);
  const labels = graphLabels(api.stack.neo4jLabelPrefix);
  const driver = createGraphDriver({ url: api.stack.NEO4J_URL, database: 'neo4j', labels });
  try {
    await loadGraph(driver, 'neo4j', labels, events.slice(110), [
      {
        feedUid: feed.uid,
        itemKey: makeItem(feed, 110).key,
        entities: [
          { name: 'Acme Corp', type: 'organization', count: 3 },
          { name: 'Berlin', type: 'place', count: 1 },
        ],
      },
    ]);
  } finally {
    await driver.close();
  }
  chrome = await launchBrowser();
  const context = await chrome.browser.newContext({ viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
after(async () => {
  await chrome?.close();
  await api?.close();
});

/** Zero serious or critical axe-core violations on the page as it is now. */
async function accessible(what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${what}: accessibility violations`,
  );
}

test('sign in with a password: the shell at / shows the newest items', async () => {
  await page.goto(api.url + '/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await accessible('sign-in page');
  await page.getByLabel('Email').fill(api.adminEmail);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const items = page.getByRole('list', { name: 'Items' });
  await items.waitFor();
  // Newest first, 50 to a page with a link to the next.
  assert.equal(await items.getByRole('listitem').count(), 50);
  assert.match((await items.getByRole('link').first().textContent()) ?? '', /report 119/);
  await page.getByRole('link', { name: 'Next page' }).waitFor();
  await accessible('items page');
});

test('search: q narrows the list to matching items', async () => {
  await page.getByLabel('Search').fill('kubernetes');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=kubernetes/);
  const items = page.getByRole('list', { name: 'Items' });
  await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Items"] li').length === 12);
  for (const t of await items.getByRole('link').allTextContents()) assert.match(t, /kubernetes/);
});

test('stories: a clear "not available" panel until the API serves them; an item opens instead', async () => {
  await page.getByRole('link', { name: 'Stories' }).click();
  const panel = page.getByRole('status').filter({ hasText: 'not available' });
  const list = page.getByRole('list', { name: 'Stories' });
  await panel.or(list).first().waitFor();
  await accessible('stories page');
  if (await list.isVisible()) {
    await list.getByRole('link').first().click();
    await page.getByRole('list', { name: 'Items of the story' }).waitFor();
  }
  await page.getByRole('link', { name: 'Items', exact: true }).click();
  await page
    .getByRole('list', { name: 'Items' })
    .getByRole('link', { name: /report 110\b/ })
    .click();
  await page.getByRole('heading', { level: 1, name: /report 110/ }).waitFor();
  await accessible('item page');
});

test('graph: the item neighbourhood draws on a canvas and lists its nodes; a node opens its entity', async () => {
  await page.getByRole('link', { name: 'Open the graph' }).click();
  const nodes = page.getByRole('list', { name: 'Nodes' });
  await nodes.waitFor();
  await page.locator('.graph canvas').first().waitFor();
  await nodes.getByRole('link', { name: 'Acme Corp' }).waitFor();
  await accessible('graph page');
  // The README's screenshot: rewritten only on request, so a test run leaves the tree clean.
  const shot = await page.screenshot();
  assert.equal(shot.subarray(1, 4).toString('latin1'), 'PNG');
  if (process.env.TRIBUTARY_UPDATE_SCREENSHOT === '1')
    writeFileSync(new URL('../../../docs/ui.png', import.meta.url), shot);
  await nodes.getByRole('link', { name: 'Acme Corp' }).click();
  await page.getByRole('heading', { level: 1, name: /Acme Corp/ }).waitFor();
  await accessible('entity page');
});

test('dark theme: the toggle switches and the page stays accessible', async () => {
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await accessible('entity page, dark');
});
