import { test, expect } from '@playwright/test';
import { validateCharged } from '../snippet/core/charged';
import { ContloError } from '../snippet/core/errors';

const ok = { transaction_id: 'T1', transaction_value: 100, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'], email: 'a@b.co', time: 1732600000000 };
const who = { anonymous_id: 'anon' };

/** [case, details, fields the single error must name, words it must contain] */
const CASES: [string, Record<string, unknown>, string[], RegExp][] = [
  ['transaction_id missing', { ...ok, transaction_id: undefined }, ['transaction_id'], /transaction_id is required \(a non-empty string\)/],
  ['transaction_id empty', { ...ok, transaction_id: '' }, ['transaction_id'], /transaction_id must be a non-empty string, got ""/],
  ['transaction_id an object', { ...ok, transaction_id: {} }, ['transaction_id'], /transaction_id/],
  ['transaction_value missing', { ...ok, transaction_value: undefined }, ['transaction_value'], /transaction_value is required/],
  ['transaction_value not numeric', { ...ok, transaction_value: 'ten' }, ['transaction_value'], /transaction_value must be a non-negative number, got "ten"/],
  ['transaction_value negative', { ...ok, transaction_value: -5 }, ['transaction_value'], /non-negative/],
  ['transaction_value NaN', { ...ok, transaction_value: NaN }, ['transaction_value'], /got NaN/],
  ['order_id empty', { ...ok, order_id: '' }, ['order_id'], /order_id must be a non-empty string/],
  ['time Infinity', { ...ok, time: Infinity }, ['time'], /got Infinity/],
  ['currency missing', { ...ok, currency: undefined }, ['currency'], /currency is required/],
  ['currency not ISO 4217', { ...ok, currency: 'XYZ' }, ['currency'], /currency must be an ISO 4217 code such as "INR", got "XYZ"/],
  ['currency a symbol', { ...ok, currency: '₹' }, ['currency'], /got "₹"/],
  ['currency too long', { ...ok, currency: 'RUPEE' }, ['currency'], /ISO 4217/],
  ['currency withdrawn (HRK)', { ...ok, currency: 'HRK' }, ['currency'], /got "HRK"/],
  ['product_ids missing', { ...ok, product_ids: undefined }, ['product_ids'], /product_ids is required \(a non-empty array of ids\)/],
  ['product_ids empty', { ...ok, product_ids: [] }, ['product_ids'], /product_ids must be a non-empty array/],
  ['product_ids not an array', { ...ok, product_ids: 'p1' }, ['product_ids'], /product_ids/],
  ['variant_ids missing', { ...ok, variant_ids: undefined }, ['variant_ids'], /variant_ids is required/],
  ['variant_ids with an empty id', { ...ok, variant_ids: [''] }, ['variant_ids'], /variant_ids/],
  ['no email or phone', { ...ok, email: undefined }, ['email'], /email or phone_number is required/],
  ['bad email', { ...ok, email: 'nope' }, ['email'], /email must be a valid email address, got "nope"/],
  ['bad phone', { ...ok, phone_number: '555' }, ['phone_number'], /phone_number must be an international number .*, got "555"/],
  ['time in seconds', { ...ok, time: 1732600000 }, ['time'], /looks like seconds; pass epoch milliseconds \(1732600000000\)/],
  ['time a string', { ...ok, time: '2024-11-26' }, ['time'], /time must be epoch milliseconds, got "2024-11-26"/],
  ['time negative', { ...ok, time: -1 }, ['time'], /time must be epoch milliseconds, got -1/],
  ['event_id not a string', { ...ok, event_id: 7 }, ['event_id'], /event_id must be a non-empty string of at most 100 characters, got 7/],
  ['product_prices not numbers', { ...ok, product_prices: ['a'] }, ['product_prices'], /product_prices must be an array of non-negative numbers/],
  ['product_quantities negative', { ...ok, product_quantities: [-1] }, ['product_quantities'], /product_quantities/],
  ['total_tax not numeric', { ...ok, total_tax: 'lots' }, ['total_tax'], /total_tax must be a non-negative number, got "lots"/],
  ['custom key with a function', { ...ok, extra: () => 1 }, ['extra'], /details\.extra is a function/],
];

for (const [name, details, fields, re] of CASES) {
  test(`charged rejects: ${name}`, () => {
    let err: unknown;
    try {
      validateCharged(details, who);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContloError);
    expect((err as ContloError).fields).toEqual(fields);
    expect((err as ContloError).message).toMatch(/^Invalid Charged event: /);
    expect((err as ContloError).message).toMatch(re);
  });
}

test('charged reports every violation at once, naming each field', () => {
  let err: ContloError | undefined;
  try {
    validateCharged({ transaction_value: 'x', currency: 'abc', product_ids: [], time: 1700000000 }, who);
  } catch (e) {
    err = e as ContloError;
  }
  expect(err?.fields).toEqual(['transaction_id', 'transaction_value', 'currency', 'product_ids', 'variant_ids', 'email', 'time']);
  for (const f of err!.fields) expect(err!.message).toContain(f);
});

test('charged accepts aliases, normalizes, and defaults discount and shipping to 0', () => {
  const v = validateCharged(
    { transaction_id: 1001, transacation_value: '49.90', currency: ' eur ', product_id: 'p9', variant_id: 7, phone_number: '0044 20 7946 0958', time: 1732600000000, gift: true },
    who,
  );
  expect(v.phone_number).toBe('+442079460958');
  expect(v.time).toBe(1732600000000);
  expect(v.properties).toEqual({
    gift: true,
    event_type: 'charged',
    transaction_id: '1001',
    transaction_value: 49.9,
    currency: 'EUR',
    product_ids: ['p9'],
    variant_ids: ['7'],
    collection_ids: [],
    total_discount: 0,
    shipping_price: 0,
  });
});

test('charged takes email or phone from identify, and time defaults to now', () => {
  const before = Date.now();
  const v = validateCharged({ ...ok, email: undefined, time: undefined }, { anonymous_id: 'a', phone_number: '+919876543210' });
  expect(v.phone_number).toBe('+919876543210');
  expect(v.email).toBeUndefined();
  expect(v.time).toBeGreaterThanOrEqual(before);
});
