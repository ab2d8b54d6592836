// Dashboard pages that update themselves over the server-sent event stream: /events (raw records)
// and a profile page take in a track() made after they were opened, with no reload, without
// moving keyboard focus, and /events fits a phone screen.
import type { Page } from '@playwright/test';
import { test, expect, openSite, waitForEvents } from './fixtures';
import { failOnPageErrors, PHONE } from './journey-helpers';

type Contlo = { contlo: { track: (name: string, props?: Record<string, unknown>) => void } };

/** Calls contlo.track in the page that runs the snippet. */
async function track(page: Page, name: string, props: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(([n, p]) => (window as unknown as Contlo).contlo.track(n, p), [name, props] as const);
}

/** Marks the page so a reload (which drops the mark) is detectable. */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}

async function overflow(page: Page): Promise<{ scrollWidth: number; width: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
}

test('/events on a phone: no meta refresh, no sideways scrolling, and a track() made after opening appears live with focus kept', async ({ page, context, server }) => {
  const shop = await context.newPage();
  await openSite(shop, server);
  await track(shop, 'First Event', { note: 'x'.repeat(300) });
  await waitForEvents(server, 1, "event = 'First Event'");

  failOnPageErrors(page);
  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/events`);
  await expect(page.locator('meta[http-equiv="refresh" i]')).toHaveCount(0);
  await expect(page.locator('[data-live-status].on')).toBeVisible();
  const first = page.locator('tr[data-seq]', { hasText: 'First Event' });
  await expect(first).toBeVisible();
  const before = await overflow(page);
  expect(before.scrollWidth).toBeLessThanOrEqual(before.width);

  // Focus a link in the first record's row, then send another record from the store tab.
  const link = first.getByRole('link', { name: 'Anonymous visitor' });
  await link.focus();
  await markNoReload(page);
  await track(shop, 'Live Check', { source: 'journey-live' });

  const rows = page.locator('tbody tr[data-seq]');
  await expect(rows.first()).toContainText('Live Check');
  await expect(rows.first()).toContainText('"source":"journey-live"');
  expect(await stillSamePage(page)).toBe(true);
  // Focus stays on the row it was on, not on whatever row now sits at its old position.
  expect(await page.evaluate(() => document.activeElement?.closest('tr')?.textContent ?? '')).toContain('First Event');
  const after = await overflow(page);
  expect(after.scrollWidth).toBeLessThanOrEqual(after.width);
});

test('a profile page shows a new event for that profile without a reload', async ({ page, context, server }) => {
  const shop = await context.newPage();
  await openSite(shop, server);
  await track(shop, 'Viewed Product', { event_type: 'custom', product_name: 'Copper Water Bottle' });
  const [viewed] = await waitForEvents(server, 1, "event = 'Viewed Product'");
  const { profile_id: id } = server.db.prepare('SELECT profile_id FROM events WHERE seq = ?').get(viewed!.seq) as { profile_id: number };

  failOnPageErrors(page);
  await page.goto(`${server.url}/audience/${id}`);
  await expect(page.locator('[data-live-status].on')).toBeVisible();
  await expect(page.locator('.tl')).toHaveCount(1);
  await markNoReload(page);
  await track(shop, 'Wishlisted', { event_type: 'custom', product_name: 'Brass Tea Strainer' });

  const newest = page.locator('.timeline .tl').first();
  await expect(newest).toContainText('Wishlisted');
  await expect(newest).toContainText('Brass Tea Strainer');
  await expect(newest).toHaveClass(/is-new/);
  await expect(page.locator('.tl')).toHaveCount(2);
  await expect(page.locator('.stat', { hasText: 'Events' }).locator('.stat-value')).toHaveText('2');
  expect(await stillSamePage(page)).toBe(true);
});
