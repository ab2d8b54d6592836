// Charged validation is a lazy module (dist/contlo-charged.mjs): pages without a purchase never
// download it, and a purchase recorded while the module cannot load (offline) is queued in call
// order, held from sending, validated once the module loads, and delivered normalized; an invalid
// one is reported as dropped instead of reaching the server.
import type { Page } from '@playwright/test';
import { test, expect, events, waitForEvents, openSite, watchRejections } from './fixtures';

declare const contlo: {
  track: (e: string, p?: unknown) => Promise<string>;
  charged: (d: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean; reason?: string }>;
  on: (t: string, f: (d: unknown) => void) => void;
};

const VALID = { transaction_id: 'T-1', transaction_value: '499.50', currency: 'inr', product_id: 'p1', variant_id: 'v1', email: 'Buyer@Example.com' };
const INVALID = { transaction_id: 'T-2', transaction_value: 10, product_ids: ['p2'], variant_ids: ['v2'], email: 'b@example.com' }; // no currency

/** Requests the page made for the lazy Charged module. */
function moduleRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => r.url().includes('contlo-charged.mjs') && urls.push(r.url()));
  return urls;
}

/** In the page: four calls (track, valid Charged, track, Charged without currency) and what each promise did. */
const fourCalls = (p: Page) =>
  p.evaluate(
    async ({ valid, invalid }) => {
      const settle = (x: Promise<string>) => x.then((id) => ({ id, error: '' }), (e: Error) => ({ id: '', error: e.message }));
      return Promise.all([settle(contlo.track('Before')), settle(contlo.charged(valid)), settle(contlo.track('After')), settle(contlo.charged(invalid))]);
    },
    { valid: VALID, invalid: INVALID },
  );

test('a page that records no purchase never downloads the Charged module; one that does downloads it once', async ({ page, server }) => {
  const urls = moduleRequests(page);
  await openSite(page, server, { flushInterval: 200 });
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) await contlo.track('Viewed Product', { i });
    await contlo.flush();
  });
  await waitForEvents(server, 5);
  expect(urls).toEqual([]);
  const ids = await page.evaluate(async (d) => [await contlo.charged(d), await contlo.charged({ ...d, transaction_id: 'T-1b' })], VALID);
  expect(urls).toHaveLength(1);
  const rows = await waitForEvents(server, 2, `event = 'Charged'`);
  expect(rows.map((r) => r.event_id)).toEqual(ids);
});

test('online: a purchase resolves once validated, and an invalid one rejects without reaching the queue', async ({ context, page, server }) => {
  await watchRejections(context);
  await openSite(page, server, { flushInterval: 200 });
  const r = await fourCalls(page);
  expect(r.map((x) => !!x.id)).toEqual([true, true, true, false]);
  expect(r[3].error).toContain('currency is required');
  const rows = await waitForEvents(server, 3);
  expect(rows.map((x) => x.event_id)).toEqual([r[0].id, r[1].id, r[2].id]);
  expect(JSON.parse(rows[1].properties!)).toMatchObject({ transaction_value: 499.5, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'], event_type: 'charged' });
  expect(rows[1].email).toBe('buyer@example.com');
  await page.waitForTimeout(500);
  expect(events(server)).toHaveLength(3);
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});

test('offline before the module ever loaded: purchases are queued in call order, held, validated on reconnect, delivered in order; the invalid one is dropped', async ({ context, page, server }) => {
  const urls = moduleRequests(page);
  await openSite(page, server, { flushInterval: 200 });
  await page.evaluate(() => {
    const w = window as unknown as { __dropped: unknown[] };
    w.__dropped = [];
    contlo.on('dropped', (d) => w.__dropped.push(d));
  });
  await context.setOffline(true);
  const r = await fourCalls(page);
  // The module cannot load: every call resolves once durably queued (validation comes later).
  expect(r.map((x) => x.error)).toEqual(['', '', '', '']);
  expect(urls.length).toBeGreaterThan(0);
  await page.waitForTimeout(600); // a few flush ticks offline: nothing can go
  await context.setOffline(false);

  const rows = await waitForEvents(server, 3);
  expect(rows.map((x) => x.event_id)).toEqual([r[0].id, r[1].id, r[2].id]);
  expect(JSON.parse(rows[1].properties!)).toMatchObject({ transaction_value: 499.5, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'] });
  expect(JSON.parse(rows[1].properties!)).not.toHaveProperty('product_id');
  expect(rows[1].email).toBe('buyer@example.com');
  const dropped = await page.evaluate(() => (window as unknown as { __dropped: { reason: string; event_ids: string[]; errors: string[] }[] }).__dropped);
  expect(dropped).toEqual([expect.objectContaining({ reason: 'invalid', count: 1, event_ids: [r[3].id] })]);
  expect(dropped[0].errors[0]).toContain('currency is required');
  await page.waitForTimeout(500);
  expect(events(server)).toHaveLength(3); // the invalid one never reached the server
  expect(await page.evaluate(() => contlo.flush())).toMatchObject({ drained: true });
});

test('offline, then the tab closed before validation: the next page of the site validates and delivers the purchase', async ({ context, page, server }) => {
  await openSite(page, server, { flushInterval: 200 });
  await context.setOffline(true);
  const r = await fourCalls(page);
  await page.close();
  await context.setOffline(false);
  const next = await context.newPage();
  await openSite(next, server, { flushInterval: 200 });
  const rows = await waitForEvents(server, 3);
  expect(rows.map((x) => x.event_id)).toEqual([r[0].id, r[1].id, r[2].id]);
  expect(JSON.parse(rows[1].properties!)).toMatchObject({ currency: 'INR', transaction_value: 499.5 });
  await next.waitForTimeout(500);
  expect(events(server)).toHaveLength(3);
});

test('a purchase whose IndexedDB write has not committed when the tab closes is kept for the next page, once', async ({ context, page, server }) => {
  await openSite(page, server, { flushInterval: 60_000 });
  await page.evaluate(() => contlo.track('Before')); // resolves once written: the queue database exists
  // Another connection holds a readwrite transaction on the queue store, so the SDK's write waits.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('contlo-queue');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('q', 'readwrite').objectStore('q');
          const spin = () => (store.get('n').onsuccess = spin);
          spin();
          resolve();
        };
      }),
  );
  const saved = await page.evaluate((d) => {
    void contlo.charged(d);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })); // a second hide adds nothing
    return JSON.parse(localStorage.getItem('contlo_q')!) as [number, [string, [Record<string, unknown>], number][]];
  }, VALID);
  expect(saved[1]).toHaveLength(1);
  const [name, [details], at] = saved[1][0];
  expect(name).toBe('charged');
  expect(details).toMatchObject({ ...VALID, event_id: expect.any(String) });
  await page.close({ runBeforeUnload: false });

  const next = await context.newPage();
  await openSite(next, server, { flushInterval: 200 });
  const rows = await waitForEvents(server, 1, `event = 'Charged'`);
  expect(rows.map((r) => r.event_id)).toEqual([details.event_id]);
  expect(rows[0].device_event_time).toBe(at);
  expect(JSON.parse(rows[0].properties!)).toMatchObject({ transaction_value: 499.5, currency: 'INR', product_ids: ['p1'] });
  await next.waitForTimeout(500);
  expect(events(server, `event = 'Charged'`).map((r) => r.copies)).toEqual([1]); // one record, sent once
});

test('without IndexedDB (queue in memory), a purchase still held when the tab closes is kept for the next page', async ({ context, page, server }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await page.route('**/contlo-charged.mjs*', () => {}); // never answered: the call stays held
  await openSite(page, server, { flushInterval: 60_000 });
  const saved = await page.evaluate(async (d) => {
    void contlo.charged(d);
    await new Promise((r) => setTimeout(r, 100)); // the in-memory write has long finished
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    return JSON.parse(localStorage.getItem('contlo_q')!) as [number, [string, [Record<string, unknown>], number][]];
  }, VALID);
  expect(saved[1].map((c) => c[0])).toEqual(['charged']);
  await page.close({ runBeforeUnload: false });
  const next = await context.newPage();
  await openSite(next, server, { flushInterval: 200 });
  const rows = await waitForEvents(server, 1, `event = 'Charged'`);
  expect(rows.map((r) => r.event_id)).toEqual([saved[1][0][1][0].event_id]);
  expect(JSON.parse(rows[0].properties!)).toMatchObject({ currency: 'INR', transaction_value: 499.5 });
});

test('the Charged module missing from the server: the purchase is held, an error names the module, and it goes once the module is served', async ({ page, server }) => {
  await page.route('**/contlo-charged.mjs*', (r) => r.fulfill({ status: 404, body: 'not here' }));
  await openSite(page, server, { flushInterval: 200 });
  const r = await page.evaluate(async (d) => {
    const w = window as unknown as { __errors: string[] };
    w.__errors = [];
    contlo.on('error', (e) => w.__errors.push((e as { message: string }).message));
    const ids = [await contlo.track('Before'), await contlo.charged(d), await contlo.track('After')];
    return { ids, flush: await contlo.flush() };
  }, VALID);
  expect(r.flush).toMatchObject({ drained: false, reason: 'held' });
  await waitForEvents(server, 1);
  await page.waitForTimeout(600);
  expect(events(server).map((x) => x.event_id)).toEqual([r.ids[0]]); // the purchase and what follows it wait
  expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors.join('\n'))).toMatch(/contlo-charged\.mjs/);
  await page.unroute('**/contlo-charged.mjs*');
  const rows = await waitForEvents(server, 3);
  expect(rows.map((x) => x.event_id)).toEqual(r.ids);
  expect(JSON.parse(rows[1].properties!)).toMatchObject({ currency: 'INR', product_ids: ['p1'] });
});

test('a module fetch that never answers: the call resolves as queued after 10 s, the page keeps delivering what came before, and all goes once the module loads', async ({ page, server }) => {
  test.setTimeout(60_000);
  await page.route('**/contlo-charged.mjs*', () => {}); // never answered
  await openSite(page, server, { flushInterval: 200 });
  const started = Date.now();
  const first = await page.evaluate(() => contlo.track('Before'));
  const pending = page.evaluate(async (d) => [await contlo.charged(d), await contlo.track('After')], VALID);
  await waitForEvents(server, 1);
  expect(events(server).map((x) => x.event_id)).toEqual([first]); // the tick runs on while the fetch hangs
  const [charged, after] = await pending;
  expect(Date.now() - started).toBeGreaterThan(9_000);
  await page.unroute('**/contlo-charged.mjs*');
  const rows = await waitForEvents(server, 3, '1=1', 30_000);
  expect(rows.map((x) => x.event_id)).toEqual([first, charged, after]);
  expect(JSON.parse(rows[1].properties!)).toMatchObject({ currency: 'INR' });
});
