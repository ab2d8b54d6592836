// Retries against the batch endpoint itself: the server's request log shows when the SDK came back.
import { test, expect, events, waitForEvents, openSite } from './fixtures';
import type { Page } from '@playwright/test';
import type { RunningServer } from '../demo-site/server/app';

declare const contlo: {
  track: (e: unknown, p?: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
};

/** Every /v1 request the server logged, with its arrival time (ms). */
function log(server: RunningServer): { at: number; path: string; status: number; note: string | null }[] {
  return server.db.prepare(`SELECT at, path, status, note FROM requests ORDER BY id`).all() as { at: number; path: string; status: number; note: string | null }[];
}

/** Tracks `n` events named `event` and waits until each is stored, exactly once; returns their ids. */
async function trackedOnce(page: Page, server: RunningServer, event: string, n: number): Promise<string[]> {
  const ids = await page.evaluate(([e, k]) => Promise.all(Array.from({ length: k }, (_, i) => contlo.track(e, { i }))), [event, n] as const);
  const rows = await waitForEvents(server, n, '1=1', 30_000);
  expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
  expect(rows.every((r) => r.copies === 1)).toBe(true);
  return ids;
}

test('429 with Retry-After on POST /v1/track/batch: the SDK waits that long before coming back, and stores each event once', async ({ page, server }) => {
  // 3 s: well above the first retry's own jitter (up to 1 s), so only Retry-After explains the wait.
  const retryAfter = 3;
  // The queue is empty when the page loads, so the first /v1 POST is the burst's batch (checked below).
  server.faults.push({ status: 429, retryAfter });
  await openSite(page, server, { flushInterval: 100 });
  await trackedOnce(page, server, 'Retried', 10);

  const reqs = log(server);
  expect(reqs[0]).toMatchObject({ path: '/v1/track/batch', status: 429, note: 'fault:429' });
  const after = reqs.slice(1);
  expect(after.length).toBeGreaterThan(0);
  // Nothing came back before Retry-After was over (100 ms slack for timer granularity) ...
  for (const r of after) expect(r.at - reqs[0].at).toBeGreaterThanOrEqual(retryAfter * 1000 - 100);
  // ... and then the batch went through.
  const nextBatch = after.find((r) => r.path === '/v1/track/batch');
  expect(nextBatch).toMatchObject({ status: 200 });
  expect(nextBatch!.at - reqs[0].at).toBeGreaterThanOrEqual(retryAfter * 1000 - 100);
  expect(server.faults).toHaveLength(0);
});

test('503 without Retry-After, then success: each event stored once', async ({ page, server }) => {
  server.faults.push({ status: 503 });
  await openSite(page, server, { flushInterval: 100 });
  await trackedOnce(page, server, 'After 503', 12);
  const reqs = log(server);
  expect(reqs[0]).toMatchObject({ path: '/v1/track/batch', status: 503 });
  // The 503 may have stored the batch, so the SDK asks what the server has before sending again.
  expect(reqs.slice(1).map((r) => [r.path, r.status])).toEqual([
    ['/v1/track/known', 200],
    ['/v1/track/batch', 200],
  ]);
  await page.evaluate(() => contlo.flush());
  expect(events(server)).toHaveLength(12);
});
