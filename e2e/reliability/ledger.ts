// Bookkeeping for the reliability scenarios: which event_ids a page (or the worker) was told were
// queued, which were reported dropped and why, and what the reference Track API actually stored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { RunningServer } from '../../demo-site/server/app';

/** What the scenario was told: ids acknowledged as queued, ids reported dropped (id → reason). */
export interface Ledger {
  told: Set<string>;
  dropped: Map<string, string>;
  /** When the scenario started (ms), for the row's duration. */
  startedAt: number;
}

/** One line of the reliability table (also the JSON file a scenario writes). */
export interface Row {
  scenario: string;
  queued: number;
  stored: number;
  lost: number;
  dropped: number;
  duplicates: number;
  requests: number;
  seconds: number;
  /** Stored records nobody was told were queued (e.g. calls cut short by a kill): not an error. */
  extra: number;
  lostIds: string[];
  notes: string[];
}

/** Where rows are written; scripts/reliability.mjs reads them back. */
export const ROWS_DIR = resolve(process.env.RELIABILITY_DIR || 'test-results/reliability');

/** A fresh ledger. */
export function createLedger(): Ledger {
  return { told: new Set(), dropped: new Map(), startedAt: Date.now() };
}

/**
 * Lets every page of `context` report to the ledger: `window.__relTold(ids)` and
 * `window.__relDropped(reason, ids)` (bindings travel to this process at once, so ids reported
 * before a kill are known even though the page never returns).
 */
export async function exposeLedger(context: BrowserContext, ledger: Ledger): Promise<void> {
  await context.exposeFunction('__relTold', (ids: string[]) => {
    for (const id of ids) ledger.told.add(id);
  });
  await context.exposeFunction('__relDropped', (reason: string, ids: string[]) => {
    for (const id of ids) ledger.dropped.set(id, reason);
  });
}

/** Code for openSite's `before`: forwards every 'dropped' report of the page to the ledger. */
export const LISTEN_DROPS = "contlo.on('dropped', function (d) { window.__relDropped(d.reason, d.event_ids); });";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** event_id → copies, for every event the server stored. */
export function storedCopies(server: RunningServer): Map<string, number> {
  const rows = server.db.prepare('SELECT event_id, copies FROM events').all() as { event_id: string; copies: number }[];
  return new Map(rows.map((r) => [r.event_id, r.copies]));
}

/** Told ids neither stored nor reported dropped. */
export function missing(server: RunningServer, ledger: Ledger): string[] {
  const stored = storedCopies(server);
  return [...ledger.told].filter((id) => !stored.has(id) && !ledger.dropped.has(id));
}

/** Waits (up to `timeoutMs`) until every told id is stored or reported dropped; returns what is still missing. */
export async function settle(server: RunningServer, ledger: Ledger, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = missing(server, ledger);
  while (left.length && Date.now() < deadline) {
    await sleep(100);
    left = missing(server, ledger);
  }
  return left;
}

/**
 * Flushes from a live page until its queue is empty (honouring backoff), so nothing still queued
 * can add a duplicate after the row is taken. Gives up silently at the deadline.
 */
export async function drain(page: Page, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await page.evaluate(() =>
      (window as unknown as { contlo: { flush(): Promise<{ drained: boolean; retryIn?: number }> } }).contlo.flush(),
    );
    if (r.drained) return true;
    await sleep(Math.min(Math.max(r.retryIn ?? 200, 100), 5000));
  }
  return false;
}

/** Counts /v1 requests the server saw (every status, hangs and resets included). */
export function requestCount(server: RunningServer): number {
  return (server.db.prepare("SELECT COUNT(*) AS n FROM requests WHERE path LIKE '/v1/%'").get() as { n: number }).n;
}

/** Builds the scenario's row from the ledger and the server's tables. */
export function tally(server: RunningServer, ledger: Ledger, scenario: string, notes: string[] = []): Row {
  const stored = storedCopies(server);
  let storedTold = 0;
  let dropped = 0;
  const lostIds: string[] = [];
  for (const id of ledger.told) {
    if (stored.has(id)) storedTold++;
    if (ledger.dropped.has(id)) dropped++;
    else if (!stored.has(id)) lostIds.push(id);
  }
  let duplicates = 0;
  for (const copies of stored.values()) duplicates += copies - 1;
  const extra = [...stored.keys()].filter((id) => !ledger.told.has(id)).length;
  return {
    scenario,
    queued: ledger.told.size,
    stored: storedTold,
    lost: lostIds.length,
    dropped,
    duplicates,
    requests: requestCount(server),
    seconds: Math.round((Date.now() - ledger.startedAt) / 100) / 10,
    extra,
    lostIds,
    notes,
  };
}

/** Writes the row to ROWS_DIR/<scenario>.json. */
export function writeRow(row: Row): void {
  mkdirSync(ROWS_DIR, { recursive: true });
  writeFileSync(join(ROWS_DIR, `${row.scenario}.json`), JSON.stringify(row, null, 2) + '\n');
}

/** Waits for delivery, optionally drains a live page, then tallies and writes the row (`notes` is read last). */
export async function finish(
  server: RunningServer,
  ledger: Ledger,
  scenario: string,
  opts: { page?: Page; timeoutMs?: number; notes?: () => string[] } = {},
): Promise<Row> {
  await settle(server, ledger, opts.timeoutMs ?? 60_000);
  if (opts.page && !opts.page.isClosed()) await drain(opts.page);
  const row = tally(server, ledger, scenario, opts.notes?.());
  const resent = browserResends(server);
  if (resent) row.notes.push(`${resent} requests repeated an earlier request's batch_id: re-sent by the browser's network stack, not the SDK`);
  writeRow(row);
  return row;
}

/** "500×3, hang×1, …": the faults the server injected, from its requests log. */
export function injectedFaults(server: RunningServer): string {
  const rows = server.db
    .prepare("SELECT note, COUNT(*) AS n FROM requests WHERE note LIKE 'chaos:%' OR note LIKE 'fault:%' GROUP BY note ORDER BY note")
    .all() as { note: string; n: number }[];
  return rows.map((f) => `${f.note.replace(/^(chaos|fault):/, '')}×${f.n}`).join(', ') || 'none';
}

/**
 * Records in doubt: still queued in the browser although the server already stored them (their
 * answer never reached a live context). They will be re-sent, and each re-send is a raw duplicate.
 */
export function inDoubt(server: RunningServer, queued: string[]): string[] {
  const stored = storedCopies(server);
  return queued.filter((id) => stored.has(id));
}

/**
 * Requests that repeat an earlier request's batch_id. The SDK makes a new batch_id for every
 * request, so a repeat is the browser itself re-sending a POST (Chromium does so when a reused
 * connection closes without an answer).
 */
export function browserResends(server: RunningServer): number {
  const r = server.db
    .prepare('SELECT COUNT(*) - COUNT(DISTINCT batch_id) AS n FROM requests WHERE batch_id IS NOT NULL')
    .get() as { n: number };
  return r.n;
}
