import { test, expect, events, waitForEvents, openSite, watchRejections } from './fixtures';

declare const contlo: {
  track: (...a: unknown[]) => Promise<string>;
  identify: (...a: unknown[]) => Promise<string>;
  charged: (...a: unknown[]) => Promise<string>;
  init: (...a: unknown[]) => Promise<void>;
};

/** Each bad call, as code run in the page, and the words its rejection must contain. */
const BAD: [string, string, RegExp][] = [
  ['empty event name', `contlo.track('')`, /event name must be a non-empty string/],
  ['blank event name', `contlo.track('   ')`, /event name must be a non-empty string/],
  ['numeric event name', `contlo.track(42)`, /event name must be a non-empty string/],
  ['missing event name', `contlo.track()`, /event name must be a non-empty string/],
  ['event name too long', `contlo.track('x'.repeat(300))`, /longer than 255/],
  ['properties a string', `contlo.track('E', 'red')`, /properties must be a plain object/],
  ['properties an array', `contlo.track('E', [1, 2])`, /properties must be a plain object/],
  ['properties null', `contlo.track('E', null)`, /properties must be a plain object/],
  ['circular reference', `(() => { const o = { a: 1 }; o.self = o; return contlo.track('E', o); })()`, /properties\.self is a circular reference/],
  ['function value', `contlo.track('E', { cb() {} })`, /properties\.cb is a function/],
  ['symbol value', `contlo.track('E', { s: Symbol('x') })`, /properties\.s is a symbol/],
  ['BigInt value', `contlo.track('E', { n: 10n })`, /properties\.n is a bigint/],
  ['NaN', `contlo.track('E', { price: NaN })`, /properties\.price is NaN, not a finite number/],
  ['Infinity', `contlo.track('E', { price: Infinity })`, /properties\.price is Infinity/],
  ['a Map', `contlo.track('E', { m: new Map() })`, /properties\.m is a Map/],
  ['over 32 KB', `contlo.track('E', { blob: 'x'.repeat(40000) })`, /over the 32 KB limit/],
  ['over 32 KB in UTF-8', `contlo.track('E', { blob: 'é'.repeat(17000) })`, /over the 32 KB limit/],
  ['nesting deeper than 10', `(() => { let o = {}; for (let i = 0; i < 12; i++) o = { o }; return contlo.track('E', o); })()`, /nests deeper than 10 levels/],
  ['bad profile properties', `contlo.track('E', {}, 'x')`, /profileProperties must be a plain object/],
  ['identify with a bad email', `contlo.identify({ email: 'not-an-email' })`, /email "not-an-email" is not a valid address/],
  ['identify with a bad phone', `contlo.identify({ phone_number: '12' })`, /phone_number "12" is not a valid international number/],
  ['identify a national number with no country code', `contlo.identify({ phone_number: '9876543210' })`, /phone_number "9876543210" is not a valid international number/],
  ['identify not an object', `contlo.identify('a@b.co')`, /identify\(\) needs an object/],
  ['identify with a function', `contlo.identify({ email: 'ok@example.com', f() {} })`, /profile\.f is a function/],
  ['charged with nothing', `contlo.charged()`, /charged\(\) needs an object/],
  ['second init', `contlo.init('pk_other', {})`, /already called/],
];

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
  for (const [i, [name, , re]] of BAD.entries()) {
    const r = results.out[i];
    expect.soft(r.threw, name).toBe(false);
    expect.soft(r.ok, name).toBe(false);
    expect.soft(r.message, name).toMatch(/^ContloError: /);
    expect.soft(r.message, name).toMatch(re);
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
