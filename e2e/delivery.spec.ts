import { test, expect, events, requests, waitForEvents, openSite } from './fixtures';

type Contlo = {
  track: (e: unknown, p?: unknown, pp?: unknown) => Promise<string>;
  identify: (p: unknown) => Promise<string>;
  charged: (d: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
  init: (k: string, o: unknown) => Promise<void>;
  load: (s: string) => void;
  on: (t: string, f: (d: unknown) => void) => void;
};
declare const contlo: Contlo;

test('calls made before the SDK loads are delivered in order, with their promises resolved', async ({ page, server }) => {
  await page.goto(`${server.url}/test.html`);
  const ids = await page.evaluate(async () => {
    contlo.init('pk_demo', { endpoint: location.origin, flushInterval: 100 });
    const p = [
      contlo.track('Viewed Product', { product_id: 'p1' }),
      contlo.identify({ email: 'Early@Example.com', first_name: 'Ada' }),
      contlo.track('Added to Cart', { product_id: 'p1' }),
      contlo.charged({ transaction_id: 't1', transaction_value: 10, currency: 'usd', product_ids: ['p1'], variant_ids: ['v1'] }),
      contlo.track('Started Checkout'),
    ];
    // The SDK is not there yet: these are the stub's recorded calls.
    contlo.load('/contlo.js');
    return Promise.all(p);
  });
  const rows = await waitForEvents(server, 5);
  expect(rows.map((r) => r.event_id)).toEqual(ids);
  expect(rows.map((r) => r.event ?? r.type)).toEqual(['Viewed Product', 'identify', 'Added to Cart', 'Charged', 'Started Checkout']);
  expect(rows[0].email).toBeNull();
  expect(rows[2].email).toBe('early@example.com');
  expect(JSON.parse(rows[3].properties!)).toMatchObject({ event_type: 'charged', currency: 'USD', transaction_value: 10 });
  const times = rows.map((r) => r.device_event_time);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
});

test('N events arrive in ceil(N / batchSize) requests', async ({ page, server }) => {
  await openSite(page, server, { batchSize: 10, flushInterval: 60_000 });
  await page.evaluate(() => Promise.all(Array.from({ length: 35 }, (_, i) => contlo.track('Burst', { i }))));
  const rows = await waitForEvents(server, 35);
  expect(rows).toHaveLength(35);
  expect(rows.map((r) => JSON.parse(r.properties!).i)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  const ok = requests(server, 200);
  expect(ok.map((r) => r.records)).toEqual([10, 10, 10, 5]);
});

test('an event tracked just before the tab closed arrives after the site is reopened', async ({ context, server }) => {
  const page = await context.newPage();
  await openSite(page, server, { flushInterval: 60_000 });
  // The Track API fails while the tab closes, so the keepalive send on hide is not acknowledged.
  server.faults.push(...Array.from({ length: 5 }, () => ({ status: 503 })));
  const id = await page.evaluate(() => contlo.track('Placed Order', { order_id: 'o-1' }));
  await page.close({ runBeforeUnload: false });
  await expect.poll(() => requests(server, 503).length).toBeGreaterThan(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(events(server)).toHaveLength(0);
  server.faults.length = 0;
  const again = await context.newPage();
  await openSite(again, server);
  const rows = await waitForEvents(server, 1);
  expect(rows.map((r) => r.event_id)).toEqual([id]);
  expect(rows[0].copies).toBe(1);
});

test('events tracked one moment before closing are sent on hide and stored once', async ({ context, server }) => {
  const page = await context.newPage();
  await openSite(page, server, { flushInterval: 60_000 });
  await page.evaluate(() => {
    for (let i = 0; i < 20; i++) contlo.track('Closing', { i });
  });
  await page.close({ runBeforeUnload: false });
  const rows = await waitForEvents(server, 20);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
  // Reopening re-sends whatever was not acknowledged: the server keeps each once.
  const again = await context.newPage();
  await openSite(again, server, { flushInterval: 100 });
  await again.evaluate(() => contlo.flush());
  expect(events(server)).toHaveLength(20);
});

test('offline, then online, delivers everything', async ({ context, page, server }) => {
  await openSite(page, server, { flushInterval: 200 });
  await context.setOffline(true);
  const ids = await page.evaluate(() => Promise.all(Array.from({ length: 25 }, (_, i) => contlo.track('Offline', { i }))));
  const r = await page.evaluate(() => contlo.flush());
  expect(r.drained).toBe(false);
  expect(events(server)).toHaveLength(0);
  await context.setOffline(false);
  const rows = await waitForEvents(server, 25);
  expect(rows.map((x) => x.event_id).sort()).toEqual([...ids].sort());
});

test('500, 429 with Retry-After and 413: every event stored exactly once', async ({ page, server }) => {
  // After a 500 or 429 the server may have stored the batch, so the next attempt first asks
  // /v1/track/known (the 429 and the pass-through {} land on those questions), then sends (413).
  server.faults.push({ status: 500 }, { status: 429, retryAfter: 1 }, {}, { status: 413 });
  await openSite(page, server, { batchSize: 10, flushInterval: 200 });
  const ids = await page.evaluate(() => Promise.all(Array.from({ length: 30 }, (_, i) => contlo.track('Faulty', { i }))));
  const rows = await waitForEvents(server, 30, '1=1', 40_000);
  expect(rows).toHaveLength(30);
  expect(rows.map((x) => x.event_id).sort()).toEqual([...ids].sort());
  expect(rows.every((x) => x.copies === 1)).toBe(true);
  const statuses = requests(server).map((x) => x.status);
  expect(statuses.slice(0, 4)).toEqual([500, 429, 200, 413]);
  expect(requests(server).slice(0, 4).map((x) => x.path)).toEqual(['/v1/track/batch', '/v1/track/known', '/v1/track/known', '/v1/track/batch']);
  // The 413 batch was split in halves: two successful requests carry 5 records each.
  expect(requests(server, 200).filter((x) => x.records === 5)).toHaveLength(2);
  expect(server.faults).toHaveLength(0);
});

test('two tabs tracking at once: none lost, no event_id sent twice', async ({ context, server }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await openSite(a, server, { batchSize: 20, flushInterval: 100 });
  await openSite(b, server, { batchSize: 20, flushInterval: 100 });
  const burst = (p: typeof a, tab: string) =>
    p.evaluate(async (t) => {
      const ids: string[] = [];
      for (let round = 0; round < 10; round++) {
        ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => contlo.track('Tab event', { tab: t, i: round * 20 + i })))));
        await new Promise((r) => setTimeout(r, 30));
      }
      return ids;
    }, tab);
  const [ia, ib] = await Promise.all([burst(a, 'a'), burst(b, 'b')]);
  const rows = await waitForEvents(server, 400, '1=1', 30_000);
  expect(rows).toHaveLength(400);
  expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set([...ia, ...ib]));
  expect(rows.filter((r) => r.copies > 1)).toEqual([]);
  // Each tab's own events keep their order.
  for (const tab of ['a', 'b']) {
    const is = rows.map((r) => JSON.parse(r.properties!)).filter((p) => p.tab === tab).map((p) => p.i);
    expect(is).toEqual([...is].sort((x, y) => x - y));
  }
});

test('calls recorded by the stub on a page that closed before the SDK arrived are replayed on the next page', async ({ context, server }) => {
  const page = await context.newPage();
  await page.goto(`${server.url}/test.html`);
  await page.evaluate(() => {
    contlo.init('pk_demo', { endpoint: location.origin });
    contlo.track('Viewed Product', { product_id: 'p7' });
    contlo.identify({ email: 'quick@example.com' });
    contlo.flush(); // not kept: only track, identify and charged are worth replaying
    // contlo.load(...) never ran: the visitor left first.
  });
  await page.close({ runBeforeUnload: false });
  const next = await context.newPage();
  await openSite(next, server, { flushInterval: 100 });
  await next.evaluate(() => contlo.track('Next page'));
  const rows = await waitForEvents(server, 3);
  expect(rows.map((r) => [r.event ?? r.type, r.email])).toEqual([
    ['Viewed Product', null],
    ['identify', 'quick@example.com'],
    ['Next page', 'quick@example.com'],
  ]);
  // Replayed once only.
  const third = await context.newPage();
  await openSite(third, server, { flushInterval: 100 });
  await third.evaluate(() => contlo.flush());
  expect(events(server)).toHaveLength(3);
});

test('following a link to another page of the site sends nothing on hide: the next page delivers each record once', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 60_000 });
  const ids = await page.evaluate(async () => {
    await contlo.flush(); // queued behind the SDK's first flush: nothing else sends before the 60 s timer
    const out = await Promise.all(Array.from({ length: 5 }, (_, i) => contlo.track('Before the link', { i })));
    const a = document.createElement('a');
    a.href = '/test.html?next';
    a.textContent = 'next page';
    document.body.append(a);
    return out;
  });
  await Promise.all([page.waitForURL('**/test.html?next'), page.click('text=next page')]);
  // Nothing left the first page as it went away (a keepalive send would have landed by now).
  await page.waitForTimeout(500);
  expect(requests(server)).toEqual([]);
  await openSite(page, server, { flushInterval: 100 });
  const rows = await waitForEvents(server, 5);
  expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
  await page.evaluate(() => contlo.flush());
  expect(events(server).map((r) => r.copies)).toEqual([1, 1, 1, 1, 1]);
});
