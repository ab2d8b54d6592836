// The tab closed abruptly mid-flush (page.close without beforeunload) while it keeps tracking, then
// the site reopened: what the tab was told was queued arrives, each stored once.
import { openSite } from '../fixtures';
import { burst, burstInBackground, leftInQueue } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, inDoubt, LISTEN_DROPS } from './ledger';
import type { FaultSpec } from '../../demo-site/server/app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('tab closed mid-flush, site reopened: every told record stored exactly once', async ({ context, server, ledger }) => {
  test.setTimeout(90_000);
  const notes: string[] = [];
  const leftQueued = new Set<string>();
  // Round 1: the Track API is slow, so the batch in flight reaches it but its answer never reaches
  // the closed tab. Round 2: the request in flight hangs until the server drops the connection.
  const rounds: [string, FaultSpec][] = [['slow answer', { delayMs: 1000 }], ['hung request', { hangMs: 1000 }]];
  for (const [r, [label, fault]] of rounds.entries()) {
    const page = await context.newPage();
    await openSite(page, server, { flushInterval: 500 }, LISTEN_DROPS);
    await burst(page, { tag: `close${r}`, count: 200, chunk: 10, pauseMs: 10 });
    server.faults.push(fault);
    const told = ledger.told.size;
    void burstInBackground(page, { tag: `close${r}`, from: 200, count: 300, chunk: 10, pauseMs: 10 });
    // Mid-flush: the server has taken the faulted request (the list is empty again) and holds it.
    await expect.poll(() => server.faults.length, { timeout: 10_000, intervals: [5] }).toBe(0);
    await sleep(150);
    await page.close({ runBeforeUnload: false });
    // Let the faulted request finish, then see what the closed tab left queued before the site
    // loads the SDK again (which re-sends it all).
    await sleep(1500);
    const left = await leftInQueue(context, server.url);
    left.forEach((id) => leftQueued.add(id));
    notes.push(`${label}: ${ledger.told.size - told} told after the flush began; left ${left.length} queued, ${inDoubt(server, left).length} of them already stored`);
  }
  const reopened = await context.newPage();
  await openSite(reopened, server, { flushInterval: 500 }, LISTEN_DROPS);
  const row = await finish(server, ledger, 'tab-close', { page: reopened, notes: () => notes });
  expectReliable(row, server, leftQueued);
});
