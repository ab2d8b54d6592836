// The close-and-reopen phase: a page tracks 100 events, the tab is closed 50 ms later (no
// beforeunload), the site is opened once more in the same browser context, and we count what
// reached the collector.
import type { Browser } from '@playwright/test';
import type { Peer } from './peers';
import { within } from './probe';
import { startSession } from './session';
import type { Site } from './site';
import type { Status } from './burst';

/** What the close-and-reopen phase measured. */
export interface ReopenOutcome {
  status: Status;
  /** Events that never reached the collector (null when the phase could not run). */
  lost: number | null;
  delivered: number;
  copies: number;
  blocked: string[];
}

/** Sizes and limits of the phase. */
export interface ReopenOptions {
  n: number;
  closeAfterMs: number;
  waitMs: number;
  readyMs: number;
  settleMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the close-and-reopen phase for one SDK in a fresh context. */
export async function reopenPhase(browser: Browser, site: Site, peer: Peer, tag: string, o: ReopenOptions): Promise<ReopenOutcome> {
  const s = await startSession(browser, site, peer, tag);
  const { tally } = s.collector;
  const out: ReopenOutcome = { status: 'ok', lost: null, delivered: 0, copies: 0, blocked: [] };
  try {
    const first = await s.open(o.readyMs);
    if (!first.ready) {
      out.status = s.crashed ? 'crashed' : 'not-ready';
      return out;
    }
    await sleep(o.settleMs);
    const fired = await within(first.page.evaluate((n) => window.__bench.fire(n), o.n), o.readyMs);
    if (fired === undefined) out.status = s.crashed ? 'crashed' : 'unresponsive';
    await sleep(o.closeAfterMs);
    await within(first.page.close({ runBeforeUnload: false }), 5000);
    const second = await s.context.newPage();
    second.on('crash', () => (s.crashed = true));
    await within(second.goto(s.url, { waitUntil: 'load', timeout: o.waitMs }), o.waitMs);
    const deadline = Date.now() + o.waitMs;
    while (Date.now() < deadline && tally.first.size < o.n && !s.crashed) await sleep(100);
    if (s.crashed) out.status = 'crashed';
    out.lost = o.n - tally.first.size;
  } finally {
    out.delivered = tally.first.size;
    out.copies = tally.copies;
    out.blocked = s.blocked();
    await s.close();
  }
  return out;
}
