// The worker's message events have no event_id the test can see before they are stored, so what
// it was told is keyed "<event> <message_id>" (a shown notification, a click, a dismissal).
import type { BrowserContext, Page } from '@playwright/test';
import type { RunningServer } from '../../demo-site/server/app';
import { openWithWorker } from '../push-helpers';
import { LISTEN_DROPS, type Ledger } from './ledger';

/** Stored message events: "<event> <message_id>" → their event_ids, in arrival order. */
export function messageEvents(server: RunningServer): Map<string, string[]> {
  const rows = server.db
    .prepare("SELECT event, json_extract(properties, '$.message_id') AS mid, event_id FROM events WHERE event_type = 'message' ORDER BY seq")
    .all() as { event: string; mid: string; event_id: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(`${r.event} ${r.mid}`, [...(out.get(`${r.event} ${r.mid}`) ?? []), r.event_id]);
  return out;
}

/** Keys of `expected` not stored yet. */
export function notStored(server: RunningServer, expected: string[]): string[] {
  const stored = messageEvents(server);
  return expected.filter((k) => !stored.has(k));
}

/**
 * Enters the worker's told message events into the ledger: each key becomes the event_ids stored
 * for it, or "missing: <key>" (then counted lost). Returns the keys stored under several event_ids.
 */
export function tellLedger(ledger: Ledger, server: RunningServer, expected: string[]): string[] {
  const stored = messageEvents(server);
  const twice: string[] = [];
  for (const key of expected) {
    const ids = stored.get(key) ?? [`missing: ${key}`];
    if (ids.length > 1) twice.push(key);
    ids.forEach((id) => ledger.told.add(id));
  }
  return twice;
}

/** Waits up to `timeoutMs` until every key of `expected` is stored; returns those still missing. */
export async function waitStored(server: RunningServer, expected: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = notStored(server, expected);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = notStored(server, expected);
  }
  return left;
}

/**
 * Opens a new page of the site (its SDK sends what a stopped worker left queued), waits until
 * `expected` are stored, and tells the ledger; returns the page and the events stored twice.
 */
export async function nextPageDelivers(
  context: BrowserContext,
  server: RunningServer,
  ledger: Ledger,
  expected: string[],
  timeoutMs: number,
): Promise<{ site: Page; twice: string[] }> {
  const site = await context.newPage();
  await openWithWorker(site, server);
  await site.evaluate(LISTEN_DROPS);
  await waitStored(server, expected, timeoutMs);
  return { site, twice: tellLedger(ledger, server, expected) };
}
