import { test, expect, events, waitForEvents, openSite, watchRejections } from './fixtures';
import { INIT, PAGE as BAD } from './bad-input-catalogue';

declare const contlo: {
  track: (...a: unknown[]) => Promise<string>;
  identify: (...a: unknown[]) => Promise<string>;
  charged: (...a: unknown[]) => Promise<string>;
  init: (...a: unknown[]) => Promise<void>;
};

test('bad input: each call rejects with a clear error, nothing throws into the page, valid records are delivered', async ({ context, page, server }) => {
  await watchRejections(context);
  await openSite(page, server, { flushInterval: 100 });
  const results = await page.evaluate(async (bad) => {
    const out: { name: string; ok: boolean; message: string; threw: boolean }[] = [];
    const good: string[] = [];
    for (const [name, code] of bad) {
      good.push(await contlo.track('Valid before', { name }));
      let threw = false;
      let p: Promise<unknown>;
      try {
        p = (0, eval)(code) as Promise<unknown>;
      } catch {
        threw = true;
        p = Promise.resolve();
      }
      const r = await p.then(() => ({ ok: true, message: '' }), (e: Error) => ({ ok: false, message: `${e.name}: ${e.message}` }));
      out.push({ name, threw, ...r });
    }
    good.push(await contlo.track('Valid after'));
    // Calls with bad input whose promise nobody handles must not become unhandled rejections.
    contlo.track('');
    contlo.charged({});
    await new Promise((r) => setTimeout(r, 100));
    return { out, good };
  }, BAD.map(([n, c]) => [n, c]));
  for (const [i, [name, , words]] of BAD.entries()) {
    const r = results.out[i];
    expect.soft(r.threw, name).toBe(false);
    expect.soft(r.ok, name).toBe(false);
    expect.soft(r.message, name).toMatch(/^ContloError: /);
    expect.soft(r.message, name).toContain(words);
  }
  const rows = await waitForEvents(server, results.good.length);
  expect(rows.map((r) => r.event_id)).toEqual(results.good);
  expect(events(server).filter((r) => r.event !== 'Valid before' && r.event !== 'Valid after')).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});

test('a valid Charged event lands with every field Contlo expects', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100 });
  const id = await page.evaluate(() =>
    contlo.charged({
      transaction_id: 'T-1001',
      transacation_value: '2398.50',
      currency: 'inr',
      product_id: 'p-1',
      variant_ids: ['v-1', 'v-2'],
      product_prices: [1499, '899.5'],
      product_quantities: [1, 1],
      phone_number: '+91 98765-43210',
      time: 1732600000000,
      coupon: 'WELCOME10',
    }),
  );
  const [row] = await waitForEvents(server, 1);
  expect(row.event_id).toBe(id);
  expect(row.event).toBe('Charged');
  expect(row.phone_number).toBe('+919876543210');
  expect(row.device_event_time).toBe(1732600000000);
  expect(JSON.parse(row.properties!)).toEqual({
    event_type: 'charged',
    transaction_id: 'T-1001',
    transaction_value: 2398.5,
    currency: 'INR',
    product_ids: ['p-1'],
    variant_ids: ['v-1', 'v-2'],
    collection_ids: [],
    product_prices: [1499, 899.5],
    product_quantities: [1, 1],
    total_discount: 0,
    shipping_price: 0,
    coupon: 'WELCOME10',
  });
});

test('bad init options: a clear rejection, nothing thrown, and a corrected init still works', async ({ context, page, server }) => {
  await watchRejections(context);
  page.on('pageerror', (e) => {
    throw new Error(`uncaught exception in the page: ${e.message}`);
  });
  for (const [kind, args, words] of INIT) {
    await page.goto(`${server.url}/test.html`);
    const r = await page.evaluate(async (a) => {
      const c = (window as unknown as { contlo: { load: (s: string) => void } }).contlo;
      c.load('/contlo.js');
      await new Promise<void>((res) => {
        const t = setInterval(() => (window as unknown as { contlo: { version?: string } }).contlo.version && (clearInterval(t), res()), 5);
      });
      const message = await (0, eval)(`contlo.init(${a})`).then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`);
      await contlo.init('pk_demo', { endpoint: location.origin, flushInterval: 100 });
      return { message, id: await contlo.track('After bad init') };
    }, args);
    expect.soft(r.message, kind).toMatch(/^ContloError: contlo\.init: /);
    expect.soft(r.message, kind).toContain(words);
    await waitForEvents(server, 1, `event_id = '${r.id}'`);
  }
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});
