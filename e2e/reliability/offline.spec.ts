// Offline windows in the middle of a burst: two tabs keep tracking while the browser goes offline
// twice; what was queued meanwhile goes out when the network returns.
import { openSite } from '../fixtures';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, LISTEN_DROPS } from './ledger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('offline windows mid-burst: every record stored exactly once after the network returns', async ({ context, server, ledger }) => {
  test.setTimeout(120_000);
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) await openSite(tab, server, { flushInterval: 500, batchSize: 25 }, LISTEN_DROPS);
  const stored = () => (server.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  const windows: string[] = [];
  const toggling = (async () => {
    for (const [at, length] of [[700, 1200], [1000, 1500]] as const) {
      await sleep(at);
      const [stored0, told0] = [stored(), ledger.told.size];
      await context.setOffline(true);
      await sleep(length);
      const [stored1, told1] = [stored(), ledger.told.size];
      await context.setOffline(false);
      windows.push(`${length} ms offline: ${told1 - told0} queued, ${stored1 - stored0} stored meanwhile`);
      expect(told1 - told0, 'the burst went on while offline').toBeGreaterThan(0);
    }
  })();
  const ids = await Promise.all(tabs.map((tab, i) => burst(tab, { tag: `tab${i}`, count: 400, chunk: 5, pauseMs: 40 })));
  await toggling;
  expect(ids.flat()).toHaveLength(800);
  const row = await finish(server, ledger, 'offline', { page: tabs[0], notes: () => windows });
  expectReliable(row, server);
});
