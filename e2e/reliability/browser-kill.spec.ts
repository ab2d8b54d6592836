// The browser process SIGKILLed while a tab tracks (once mid-flush, once mid-burst), then launched
// again on the same profile and the site reopened: what the tab was told was queued (reported to
// this process as each call resolved) is in IndexedDB after the kill and gets delivered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import type { FaultSpec } from '../../demo-site/server/app';
import { openSite } from '../fixtures';
import { launchProfile, killBrowser } from './browser';
import { burst, burstInBackground, leftInQueue } from './drive';
import { expect, expectReliable, test } from './fixture';
import { createLedger, exposeLedger, finish, LISTEN_DROPS, storedCopies } from './ledger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('browser SIGKILLed mid-flush and mid-burst, relaunched: every told record stored exactly once', async ({ server }) => {
  test.setTimeout(120_000);
  const ledger = createLedger();
  const dir = mkdtempSync(join(tmpdir(), 'contlo-rel-profile-'));
  const notes: string[] = [];
  const leftQueued = new Set<string>();
  let context: BrowserContext | undefined;
  /** Launches on the profile and reads what the queue holds before any SDK runs. */
  const relaunch = async (): Promise<string[]> => {
    context = await launchProfile(dir);
    await exposeLedger(context, ledger);
    const left = await leftInQueue(context, server.url);
    left.forEach((id) => leftQueued.add(id));
    // Told before the kill, yet neither stored nor queued now: IndexedDB lost the write.
    const stored = storedCopies(server);
    const queued = new Set(left);
    const vanished = [...ledger.told].filter((id) => !stored.has(id) && !queued.has(id) && !ledger.dropped.has(id));
    if (vanished.length) notes.push(`after relaunch ${vanished.length} told records were neither queued nor stored: ${vanished.slice(0, 3).join(', ')}…`);
    return left;
  };
  // Kill 1: a batch is in flight to a slow server (it arrives, its answer never does).
  // Kill 2: no request held; the tab is simply mid-burst.
  const kills: [string, FaultSpec | undefined][] = [['mid-flush', { delayMs: 1000 }], ['mid-burst', undefined]];
  try {
    await relaunch();
    for (const [k, [label, fault]] of kills.entries()) {
      const page = context!.pages()[0] ?? (await context!.newPage());
      await openSite(page, server, { flushInterval: 500 }, LISTEN_DROPS);
      await burst(page, { tag: `kill${k}`, count: 200, chunk: 10, pauseMs: 10 });
      const before = ledger.told.size;
      if (fault) server.faults.push(fault);
      void burstInBackground(page, { tag: `kill${k}`, from: 200, count: 300, chunk: 10, pauseMs: 5 });
      if (fault) await expect.poll(() => server.faults.length, { timeout: 10_000, intervals: [5] }).toBe(0);
      await expect.poll(() => ledger.told.size - before, { timeout: 10_000, intervals: [5] }).toBeGreaterThanOrEqual(100);
      const told = ledger.told.size;
      const pid = await killBrowser(context!, dir);
      await sleep(1200);
      const left = await relaunch();
      const stored = storedCopies(server);
      notes.push(`${label}: pid ${pid} killed ${told - before} records after the burst resumed; relaunch found ${left.length} queued (${left.filter((id) => stored.has(id)).length} already stored)`);
    }
    const page = context!.pages()[0] ?? (await context!.newPage());
    await openSite(page, server, { flushInterval: 500 }, LISTEN_DROPS);
    const row = await finish(server, ledger, 'browser-kill', { page, notes: () => notes });
    expectReliable(row, server, leftQueued);
  } finally {
    await context?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
