import { test as base, expect, type Page, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../demo-site/server/app';

/** A stored event row, as the reference Track API wrote it. */
export interface EventRow {
  seq: number;
  event_id: string;
  type: string;
  event: string | null;
  event_type: string | null;
  anonymous_id: string | null;
  email: string | null;
  phone_number: string | null;
  properties: string | null;
  device_event_time: number;
  copies: number;
}

/** Fixture body: a fresh reference server (own SQLite file in a temp folder) for one test. */
export async function serverFixture({}, use: (s: RunningServer) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-e2e-'));
  const server = await startServer({ port: 0, dataDir, rateLimit: false });
  await use(server);
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Playwright's test with a per-test `server`. */
export const test = base.extend<{ server: RunningServer }>({ server: serverFixture });
export { expect };

/** Every stored event in arrival order. */
export function events(server: RunningServer, where = '1=1'): EventRow[] {
  return server.db.prepare(`SELECT * FROM events WHERE ${where} ORDER BY seq`).all() as EventRow[];
}

/** Requests the Track API answered, by status. */
export function requests(server: RunningServer, status?: number): { status: number; records: number; path: string }[] {
  const rows = server.db.prepare(`SELECT status, records, path FROM requests WHERE path LIKE '/v1/%' ORDER BY id`).all() as { status: number; records: number; path: string }[];
  return status === undefined ? rows : rows.filter((r) => r.status === status);
}

/** Waits until the server stored at least `n` events (matching `where`). */
export async function waitForEvents(server: RunningServer, n: number, where = '1=1', timeout = 20_000): Promise<EventRow[]> {
  await expect.poll(() => events(server, where).length, { timeout, intervals: [50, 100, 250] }).toBeGreaterThanOrEqual(n);
  return events(server, where);
}

/** Options passed to contlo.init in tests. */
export type InitOpts = Record<string, unknown>;

/**
 * Opens the stub-only test page, then calls init with `opts` and loads the SDK, exactly as a
 * store's pasted snippet does. `before` runs in the page between the stub and the SDK load.
 */
export async function openSite(page: Page, server: RunningServer, opts: InitOpts = {}, before?: string): Promise<void> {
  page.on('pageerror', (e) => {
    throw new Error(`uncaught exception in the page: ${e.message}`);
  });
  await page.goto(`${server.url}/test.html`);
  await page.evaluate(
    ([o, code]) => {
      const w = window as unknown as { contlo: { init: (k: string, o: unknown) => void; load: (s: string) => void } };
      w.contlo.init('pk_demo', { endpoint: location.origin, ...o });
      if (code) new Function(code)();
      w.contlo.load('/contlo.js');
    },
    [opts, before || ''] as const,
  );
  await page.waitForFunction(() => (window as unknown as { contlo: { version?: string } }).contlo.version);
}

/** Records unhandled promise rejections in the page, to prove none reach the host. */
export async function watchRejections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __rejections: string[] };
    w.__rejections = [];
    addEventListener('unhandledrejection', (e) => w.__rejections.push(String(e.reason)));
  });
}
