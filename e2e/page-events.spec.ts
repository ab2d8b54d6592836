// contlo.on('sent' | 'dropped' | 'error') and the debug log, checked against what the server stored.
import { test, expect, events, waitForEvents, openSite } from './fixtures';

type Detail = { count?: number; event_ids?: string[]; reason?: string; errors?: string[]; message?: string };
declare const contlo: {
  track: (e: unknown, p?: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
  on: (t: string, f: (d: Detail) => void) => () => unknown;
};
declare const seen: Record<string, Detail[]>;

/** Subscribes in the page to each type, collecting details in `window.seen[type]`. */
function listen(types: string[]): void {
  const w = window as unknown as { seen: Record<string, Detail[]> };
  w.seen = {};
  for (const t of types) contlo.on(t, (d) => (w.seen[t] ||= []).push(d));
}

test("on('sent') reports {count, event_ids} matching what the server stored", async ({ page, server }) => {
  await openSite(page, server, { batchSize: 10, flushInterval: 60_000 });
  await page.evaluate(listen, ['sent']);
  const ids = await page.evaluate(async () => {
    const out = await Promise.all(Array.from({ length: 25 }, (_, i) => contlo.track('Sent event', { i })));
    await contlo.flush();
    return out;
  });
  const rows = await waitForEvents(server, 25);
  const sent = await page.evaluate(() => seen.sent);
  expect(sent.map((d) => d.count)).toEqual([10, 10, 5]);
  for (const d of sent) expect(d.event_ids).toHaveLength(d.count!);
  expect(sent.flatMap((d) => d.event_ids)).toEqual(rows.map((r) => r.event_id));
  expect(rows.map((r) => r.event_id)).toEqual(ids);
});

test("on('dropped') reports a record the server rejected, with reason 'rejected' and the server's error", async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 60_000 });
  await page.evaluate(listen, ['sent', 'dropped']);
  // The SDK lets track('Charged') through, but the Track API rejects a Charged event without its fields.
  const [good, bad] = await page.evaluate(async () => {
    const ids = [await contlo.track('Fine'), await contlo.track('Charged', { note: 'not via charged()' })];
    await contlo.flush();
    return ids;
  });
  const rejects = server.db.prepare('SELECT event_id, error FROM rejects ORDER BY id').all() as { event_id: string; error: string }[];
  expect(rejects.map((r) => r.event_id)).toEqual([bad]);
  expect(rejects[0].error).toContain('transaction_id');
  const { dropped, sent } = await page.evaluate(() => seen);
  expect(dropped).toEqual([{ reason: 'rejected', count: 1, event_ids: [bad], errors: [rejects[0].error] }]);
  expect(sent.flatMap((d) => d.event_ids)).toEqual([good]);
  expect(events(server).map((r) => r.event_id)).toEqual([good]);
  // A dropped record leaves the queue: it is not sent again.
  await page.evaluate(() => contlo.flush());
  expect(server.db.prepare('SELECT COUNT(*) AS n FROM rejects').get()).toEqual({ n: 1 });
});

test("on('error') gets the message a bad track() call rejects with", async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100 });
  await page.evaluate(listen, ['error']);
  const r = await page.evaluate(async () => {
    const rejected = await contlo.track('Bad', { price: NaN }).then(() => '', (e: Error) => e.message);
    const ok = await contlo.track('Good after');
    return { rejected, ok, errors: seen.error };
  });
  expect(r.rejected).toContain('properties.price is NaN');
  expect(r.errors).toEqual([{ message: r.rejected }]);
  const rows = await waitForEvents(server, 1);
  expect(rows.map((x) => x.event_id)).toEqual([r.ok]);
});

for (const debug of [true, false]) {
  test(`debug ${debug}: a bad call ${debug ? 'logs' : 'logs nothing'} with the [contlo] prefix`, async ({ page, server }) => {
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));
    await openSite(page, server, { flushInterval: 100, debug });
    const id = await page.evaluate(async () => {
      await contlo.track('').catch(() => {});
      return contlo.track('Good');
    });
    await waitForEvents(server, 1, `event_id = '${id}'`);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100))); // let console messages arrive
    const ours = logged.filter((t) => t.startsWith('[contlo]'));
    if (debug) expect(ours.some((t) => t.includes('event name must be a non-empty string'))).toBe(true);
    else expect(ours).toEqual([]);
  });
}

test('the function on() returns unsubscribes: later events no longer reach that listener', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 60_000 });
  const r = await page.evaluate(async () => {
    const kept: string[] = [];
    const gone: string[] = [];
    contlo.on('sent', (d) => kept.push(...d.event_ids!));
    const off = contlo.on('sent', (d) => gone.push(...d.event_ids!));
    const first = await contlo.track('Before unsubscribe');
    await contlo.flush();
    off();
    const later = await contlo.track('After unsubscribe');
    await contlo.flush();
    return { kept, gone, first, later };
  });
  await waitForEvents(server, 2);
  expect(r.kept).toEqual([r.first, r.later]);
  expect(r.gone).toEqual([r.first]);
  expect(events(server).map((x) => x.event_id)).toEqual([r.first, r.later]);
});
