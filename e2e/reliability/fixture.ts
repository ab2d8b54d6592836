// The reliability scenarios' Playwright fixtures: a reference server started with per-file
// options (chaos, faults) and a ledger wired to the test's browser context.
import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../demo-site/server/app';
import { createLedger, exposeLedger, storedCopies, type Ledger, type Row } from './ledger';

/** Starts a reference Track API on a random port with its own SQLite file; `close` removes it. */
export async function startScenarioServer(opts: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-rel-'));
  const server = await startServer({ port: 0, rateLimit: false, ...opts, dataDir });
  return {
    ...server,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `test` with `serverOptions` (set per file with test.use), `server`, and `ledger` (exposed to `context`). */
export const test = base.extend<{ serverOptions: Partial<ServerOptions>; server: RunningServer; ledger: Ledger }>({
  serverOptions: [{}, { option: true }],
  server: async ({ serverOptions }, use) => {
    const server = await startScenarioServer(serverOptions);
    await use(server);
    await server.close();
  },
  ledger: async ({ context }, use) => {
    const ledger = createLedger();
    await exposeLedger(context, ledger);
    await use(ledger);
  },
});
export { expect };

/**
 * The invariant every scenario checks: nothing lost, and raw duplicates under 1 % of records —
 * where a page, the browser or the worker died too (`leftQueued`: the records it left queued,
 * some of which the server may already have; the next sender asks before sending them again).
 * Any duplicate at all must be one of those.
 */
export function expectReliable(row: Row, server: RunningServer, leftQueued?: Set<string>): void {
  expect(row.queued, 'the scenario queued records').toBeGreaterThan(0);
  expect(row.lostIds, `${row.lost} told-as-queued records neither stored nor reported dropped`).toEqual([]);
  expect(row.duplicates, `raw duplicates (${row.duplicates}) must stay under 1 % of ${row.queued}`).toBeLessThan(Math.max(1, row.queued / 100));
  if (!leftQueued) return;
  const dups = [...storedCopies(server)].filter(([, copies]) => copies > 1);
  expect(dups.filter(([id]) => !leftQueued.has(id)), 'duplicates of records that were not left queued by a dead context').toEqual([]);
}
