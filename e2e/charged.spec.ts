// The Charged validation table, through window.contlo.charged on a real page: every bad call
// rejects naming its field(s), and SQLite ends up holding exactly the valid calls, normalized.
import { test, expect, events, waitForEvents, openSite, watchRejections } from './fixtures';

declare const contlo: {
  track: (e: unknown, p?: unknown) => Promise<string>;
  identify: (p: unknown) => Promise<string>;
  charged: (d: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
};

type Details = Record<string, unknown>;

/** A complete, valid Charged call; each row below changes one thing. */
const OK: Details = { transaction_id: 'T-ok', transaction_value: 100, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'], email: 'buyer@example.com' };

/** `OK` under its own transaction_id (so a stored bad call would be spotted), without `keys`. */
const without = (id: string, ...keys: string[]): Details => Object.fromEntries(Object.entries({ ...OK, transaction_id: id }).filter(([k]) => !keys.includes(k)));

/** [case, details, the fields the error must name, words the message must contain]. */
const BAD: [string, Details, string[], string][] = [
  ['transaction_id missing', without('', 'transaction_id'), ['transaction_id'], 'transaction_id is required'],
  ['transaction_value missing', without('bad-1', 'transaction_value'), ['transaction_value'], 'transaction_value is required'],
  ['currency missing', without('bad-2', 'currency'), ['currency'], 'currency is required'],
  ['product_ids missing', without('bad-3', 'product_ids'), ['product_ids'], 'product_ids is required'],
  ['variant_ids missing', without('bad-4', 'variant_ids'), ['variant_ids'], 'variant_ids is required'],
  ['no email or phone, no identify yet', without('bad-5', 'email'), ['email'], 'email or phone_number is required'],
  ['transaction_value not numeric', { ...OK, transaction_id: 'bad-6', transaction_value: 'ten' }, ['transaction_value'], 'transaction_value must be a non-negative number, got "ten"'],
  ['transaction_value negative', { ...OK, transaction_id: 'bad-7', transaction_value: -5 }, ['transaction_value'], 'transaction_value must be a non-negative number, got -5'],
  ['currency XYZ', { ...OK, transaction_id: 'bad-8', currency: 'XYZ' }, ['currency'], 'ISO 4217 code such as "INR", got "XYZ"'],
  ['currency "rupees"', { ...OK, transaction_id: 'bad-9', currency: 'rupees' }, ['currency'], 'got "rupees"'],
  ['product_ids empty', { ...OK, transaction_id: 'bad-10', product_ids: [] }, ['product_ids'], 'product_ids must be a non-empty array of ids, got []'],
  ['time in seconds', { ...OK, transaction_id: 'bad-11', time: 1732600000 }, ['time'], 'time 1732600000 looks like seconds; pass epoch milliseconds (1732600000000)'],
];

/** [case, details, the properties SQLite must hold for it]. */
const GOOD: [string, Details, Details][] = [
  ['the docs\' misspelling transacation_value', { ...without('good-1', 'transaction_value'), transacation_value: 499 }, { transaction_value: 499 }],
  ['singular product_id and variant_id', { ...without('good-2', 'product_ids', 'variant_ids'), product_id: 'p-9', variant_id: 'v-9' }, { product_ids: ['p-9'], variant_ids: ['v-9'] }],
  ['lower-case currency', { ...OK, transaction_id: 'good-3', currency: 'usd' }, { currency: 'USD' }],
  ['numeric-string value', { ...OK, transaction_id: 'good-4', transaction_value: '1299.90' }, { transaction_value: 1299.9 }],
];

test('Charged validation table in the browser: bad calls reject naming each field, exactly the valid calls are stored', async ({ context, page, server }) => {
  await watchRejections(context);
  await openSite(page, server, { flushInterval: 60_000 });
  const r = await page.evaluate(
    async ({ bad, good, fromIdentify }) => {
      /** The call's rejection as "name: message" plus its fields, or null if it resolved; a synchronous throw is reported. */
      const outcome = (d: unknown) => {
        let p: Promise<string>;
        try {
          p = contlo.charged(d);
        } catch (e) {
          return Promise.resolve({ threw: String(e), message: '', fields: [] as string[] });
        }
        return p.then(
          () => null,
          (e: Error & { fields?: string[] }) => ({ threw: '', message: `${e.name}: ${e.message}`, fields: e.fields ?? [] }),
        );
      };
      const tracked: string[] = [await contlo.track('Before the table')];
      const rejections = [];
      for (const [, details] of bad) {
        rejections.push(await outcome(details));
        tracked.push(await contlo.track('Between bad calls'));
      }
      const multi = await outcome({ transaction_id: 'bad-multi', transaction_value: 'x', currency: 'rupees', product_ids: [], variant_ids: ['v1'], time: 1732600000 });
      const accepted: string[] = [];
      for (const [, details] of good) accepted.push(await contlo.charged(details));
      await contlo.identify({ email: 'Known@Example.com' });
      accepted.push(await contlo.charged(fromIdentify)); // no email in the call: identify's is used
      await contlo.flush();
      return { rejections, multi, accepted, tracked };
    },
    { bad: BAD.map(([n, d]) => [n, d] as const), good: GOOD.map(([n, d]) => [n, d] as const), fromIdentify: without('good-identify', 'email') },
  );

  for (const [i, [name, , fields, words]] of BAD.entries()) {
    const x = r.rejections[i];
    expect.soft(x, `${name}: rejected`).not.toBeNull();
    expect.soft(x?.threw, `${name}: nothing thrown into the page`).toBe('');
    expect.soft(x?.message, name).toMatch(/^ContloError: Invalid Charged event: /);
    expect.soft(x?.message, name).toContain(words);
    expect.soft(x?.fields, name).toEqual(fields);
    for (const f of fields) expect.soft(x?.message, name).toContain(f);
  }
  // One call, every violation in one error.
  const multiFields = ['transaction_value', 'currency', 'product_ids', 'email', 'time'];
  expect(r.multi?.fields).toEqual(multiFields);
  for (const f of multiFields) expect(r.multi?.message).toContain(f);
  expect(r.multi?.message).toContain('milliseconds');

  // SQLite holds the good track() calls made between the bad ones ...
  const tracked = await waitForEvents(server, r.tracked.length, `type = 'track' AND event <> 'Charged'`);
  expect(tracked.map((x) => x.event_id)).toEqual(r.tracked);
  // ... and exactly the valid Charged calls, normalized, in order, none of the bad ones.
  const charged = await waitForEvents(server, r.accepted.length, `event = 'Charged'`);
  expect(charged.map((x) => x.event_id)).toEqual(r.accepted);
  const props = charged.map((x) => JSON.parse(x.properties!) as Details);
  expect(props.map((p) => p.transaction_id)).toEqual([...GOOD.map(([, d]) => d.transaction_id), 'good-identify']);
  for (const [i, row] of charged.entries()) {
    const p = props[i];
    expect(row.event_type).toBe('charged');
    expect(p.event_type).toBe('charged');
    expect(typeof p.transaction_value).toBe('number');
    expect(p.currency).toMatch(/^[A-Z]{3}$/);
    expect(Array.isArray(p.product_ids) && Array.isArray(p.variant_ids)).toBe(true);
    expect(p).not.toHaveProperty('transacation_value');
    expect(p).not.toHaveProperty('product_id');
    expect(p).not.toHaveProperty('variant_id');
  }
  for (const [i, [name, , want]] of GOOD.entries()) {
    expect.soft(props[i], name).toMatchObject({ ...want, event_type: 'charged' });
    expect.soft(charged[i].email, name).toBe('buyer@example.com');
  }
  expect(charged.at(-1)!.email).toBe('known@example.com');
  expect(props.at(-1)).toMatchObject({ transaction_value: 100, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'] });
  // Nothing else reached the server: no stray Charged row, no reject, no unhandled rejection.
  expect(events(server, `event = 'Charged'`)).toHaveLength(GOOD.length + 1);
  expect(server.db.prepare('SELECT COUNT(*) AS n FROM rejects').get()).toEqual({ n: 0 });
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});
