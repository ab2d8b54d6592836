// Ordinary browsing: a visitor follows links through 20 pages of the site, each page tracking a
// few events (awaited), staying half a second, then tracking a few more fire-and-forget right
// before the link is clicked. No fault at all: the raw-duplicate rate of plain multi-page traffic.
// (A click while a flush is in flight leaves that request's answer unseen; the next page asks the
// server which of those records it has (POST /v1/track/known) before sending the rest.)
import type { Page } from '@playwright/test';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, LISTEN_DROPS } from './ledger';

const PAGES = 20;
/** How long the visitor stays on a page before clicking on (ms). */
const DWELL = Number(process.env.RELIABILITY_DWELL || 500);

/** Follows a same-origin link to `path` (a navigation the page itself starts), then starts the SDK as the snippet would. */
async function followLink(page: Page, path: string): Promise<void> {
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
    a.click();
  }, path);
  await page.waitForURL((u) => u.pathname + u.search === path);
  await page.evaluate((code) => {
    const w = window as unknown as { contlo: { init: (k: string, o: unknown) => void; load: (s: string) => void } };
    w.contlo.init('pk_demo', { endpoint: location.origin });
    new Function(code)();
    w.contlo.load('/contlo.js');
  }, LISTEN_DROPS);
  await page.waitForFunction(() => (window as unknown as { contlo: { version?: string } }).contlo.version);
}

test('following links through the site: every record stored once, raw duplicates under 1 %', async ({ page, server, ledger }) => {
  test.setTimeout(90_000);
  await page.goto(`${server.url}/test.html?start`);
  for (let p = 0; p < PAGES; p++) {
    await followLink(page, `/test.html?page=${p}`);
    await burst(page, { tag: `nav${p}`, count: 5, chunk: 5, mix: p % 5 === 0 });
    await page.waitForTimeout(DWELL);
    // Fire-and-forget, the way a store tracks a click that also navigates.
    await page.evaluate((p) => {
      const w = window as unknown as { contlo: { track(e: string, props: unknown): Promise<string> } };
      for (let j = 0; j < 3; j++) void w.contlo.track('Clicked Link', { fire: `${p}-${j}` });
    }, p);
  }
  const fired = () => (server.db.prepare("SELECT COUNT(*) AS n FROM events WHERE json_extract(properties, '$.fire') IS NOT NULL").get() as { n: number }).n;
  const row = await finish(server, ledger, 'navigation', {
    page,
    notes: () => [`${PAGES} pages by link, ${DWELL} ms on each; ${fired()} of ${PAGES * 3} fire-and-forget events tracked just before each click stored`],
  });
  expectReliable(row, server);
  expect(fired(), 'fire-and-forget events tracked just before a link click').toBe(PAGES * 3);
});
