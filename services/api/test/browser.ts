/** Debian's Chromium (scripts/tools/chromium.sh) driven by playwright-core: never a downloaded browser. */
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.TRIBUTARY_CHROMIUM ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Installs Chromium when missing (the tool script is idempotent), then starts it headless and offline. */
export async function launchBrowser(): Promise<TestBrowser> {
  const script = new URL('../../../scripts/tools/chromium.sh', import.meta.url).pathname;
  const r = spawnSync(script, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
  // The machine's network is closed: without these flags Chromium's own background connections
  // are refused at every start. launch() gives each run a fresh temporary profile (user data dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
