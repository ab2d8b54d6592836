// A client clock set hours wrong: tabs at −5 h, the right time and +5 h. The Track API still accepts
// every record (device_event_time as the page saw it), and arrival order follows queue order:
// [enqueue time, sequence, context], i.e. call order within a tab, and for records queued together
// (offline) the earliest clock first.
import type { Page } from '@playwright/test';
import { openSite } from '../fixtures';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, LISTEN_DROPS } from './ledger';

const HOUR = 3600_000;
const SKEWS = [-5 * HOUR, 0, 5 * HOUR];

/** Makes Date.now() and new Date() in the page run `offsetMs` off (timers untouched). */
async function skewClock(page: Page, offsetMs: number): Promise<void> {
  await page.addInitScript((offset) => {
    const Real = Date;
    const realNow = Real.now.bind(Real);
    class Skewed extends Real {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(realNow() + offset);
        else super(...(args as [string]));
      }
      static override now(): number {
        return realNow() + offset;
      }
    }
    (window as unknown as { Date: DateConstructor }).Date = Skewed as unknown as DateConstructor;
  }, offsetMs);
}

test('clock hours wrong: records accepted, arrival order follows queue order', async ({ context, server, ledger }) => {
  test.setTimeout(90_000);
  const tabs: Page[] = [];
  for (const skew of SKEWS) {
    const tab = await context.newPage();
    await skewClock(tab, skew);
    await openSite(tab, server, { flushInterval: 300 }, LISTEN_DROPS);
    expect(Math.abs((await tab.evaluate(() => Date.now())) - Date.now() - skew)).toBeLessThan(60_000);
    tabs.push(tab);
  }
  const arrived = () => (server.db.prepare('SELECT event_id, device_event_time FROM events ORDER BY seq').all() as { event_id: string; device_event_time: number }[]);

  // Phase 1: queued together while offline, the +5 h tab first and the −5 h tab last; the shared
  // queue orders them by each tab's clock, so the −5 h tab's records go out first.
  await context.setOffline(true);
  const together: string[][] = [[], [], []];
  for (const i of [2, 1, 0]) together[i] = await burst(tabs[i], { tag: `skew${i}`, count: 100, chunk: 10 });
  await context.setOffline(false);
  await expect.poll(() => arrived().length, { timeout: 30_000 }).toBe(300);
  expect(arrived().map((r) => r.event_id), 'offline records arrive by queue key: −5 h tab, then 0, then +5 h').toEqual(together.flat());

  // Phase 2: interleaved while online; each tab's records arrive in call order.
  const online = await Promise.all(tabs.map((tab, i) => burst(tab, { tag: `skew${i}`, from: 100, count: 200, chunk: 5, pauseMs: 15 })));
  const row = await finish(server, ledger, 'clock-skew', { page: tabs[1], notes: () => ['tabs at −5 h, 0, +5 h; 300 queued offline together, 600 interleaved online'] });
  expectReliable(row, server);
  const seq = new Map(arrived().map((r, i) => [r.event_id, i]));
  for (const ids of online) expect(ids.map((id) => seq.get(id)), 'call order within a tab').toEqual([...ids.map((id) => seq.get(id))].sort((a, b) => a! - b!));
  // Accepted with the page's own (wrong) clock.
  const time = new Map(arrived().map((r) => [r.event_id, r.device_event_time]));
  for (const [i, skew] of SKEWS.entries()) {
    for (const id of [...together[i], ...online[i]]) expect(Math.abs(time.get(id)! - Date.now() - skew)).toBeLessThan(10 * 60_000);
  }
});
