// The send on page hide: keepalive bodies of at most 30 KB, all in flight together under the
// page's 60 KB budget (Chromium refuses keepalive requests past 64 KiB in flight), and records it
// could not send stay queued for the next sender.
import type { Page, Route } from '@playwright/test';
import { events, expect, openSite, test, waitForEvents } from './fixtures';

declare const contlo: { track: (e: string, p?: unknown) => Promise<string>; flush: () => Promise<unknown> };

/** Makes the page report itself hidden, as when the visitor switches away or closes the tab. */
const hide = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });

test('send on hide: bodies ≤ 30 KB, all in flight ≤ 60 KB together; the rest stay queued and arrive once', async ({ page, server }) => {
  // No timer or batch-full flush during the test: only the send on hide goes out.
  // Chromium itself refuses keepalive bodies past 64 KiB in flight, so the requests the network
  // sees cannot tell our budget from its limit: count what the SDK attempts as well.
  await page.addInitScript(() => {
    const w = window as unknown as { __keepalive: number[] };
    w.__keepalive = [];
    const real = window.fetch;
    window.fetch = (input, init) => {
      if (init?.keepalive) w.__keepalive.push(new Blob([init.body as string]).size);
      return real(input, init);
    };
  });
  await openSite(page, server, { batchSize: 1000, flushInterval: 600_000 });
  // The load's first flush (queued behind the send lock before openSite returned) must be over, or
  // on a slow machine it could read the records below and send them as one large regular batch.
  await page.evaluate(() => contlo.flush());
  // Held unanswered: in flight for as long as the test wants.
  const held: { route: Route; bytes: number }[] = [];
  await page.route('**/v1/track/batch', (route) => {
    held.push({ route, bytes: Buffer.byteLength(route.request().postData() ?? '') });
  });
  const pad = 'x'.repeat(900); // about 1.3 KB per record with its context
  const ids = await page.evaluate((p) => Promise.all(Array.from({ length: 120 }, (_, i) => contlo.track('Big', { i, pad: p }))), pad);

  // The send on hide makes its fetch calls synchronously in the event handler.
  await hide(page);
  const attempted = await page.evaluate(() => (window as unknown as { __keepalive: number[] }).__keepalive);
  const total = attempted.reduce((a, b) => a + b, 0);
  expect(attempted.every((n) => n <= 30_000), 'each body at most 30 KB').toBe(true);
  expect(total, 'all keepalive bodies in flight together').toBeLessThanOrEqual(60_000);
  expect(total, 'the budget is used, not left idle').toBeGreaterThan(30_000);
  // Every body the SDK attempted reaches the network (none refused by Chromium's own limit).
  await expect.poll(() => held.reduce((n, h) => n + h.bytes, 0)).toBe(total);
  const first = held.length;

  // A second hide while those are unanswered sends nothing more: the budget is spent.
  await hide(page);
  await page.waitForTimeout(300);
  expect(held.length).toBe(first);
  expect(await page.evaluate(() => (window as unknown as { __keepalive: number[] }).__keepalive.length)).toBe(first);
  expect(events(server)).toHaveLength(0);

  // The held requests fail; every record is still queued and arrives exactly once.
  await Promise.all(held.map((h) => h.route.abort()));
  await page.unroute('**/v1/track/batch');
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    return contlo.flush();
  });
  const rows = await waitForEvents(server, 120);
  expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
  expect(rows.every((r) => r.copies === 1)).toBe(true);
});
