import { isCurrency } from './currencies';
import { normalizeEmail, normalizePhone } from './contact';
import { ContloError, failIf } from './errors';
import { propsProblem } from './validate';
import type { Identity, Props } from './types';

/** What `charged()` accepts (Contlo's Charged event; see README). */
export interface ChargedDetails {
  transaction_id: string | number;
  transaction_value?: number | string;
  /** The misspelling in Contlo's docs, accepted as an alias. */
  transacation_value?: number | string;
  currency: string;
  product_ids?: (string | number)[];
  product_id?: string | number;
  variant_ids?: (string | number)[];
  variant_id?: string | number;
  collection_ids?: (string | number)[];
  order_id?: string | number;
  product_prices?: (number | string)[];
  product_quantities?: (number | string)[];
  total_discount?: number | string;
  shipping_price?: number | string;
  subtotal_price?: number | string;
  total_tax?: number | string;
  email?: string;
  phone_number?: string;
  /** Epoch milliseconds; defaults to now. */
  time?: number;
  event_id?: string;
  [custom: string]: unknown;
}

/** The validated parts of a Charged call. */
export interface ChargedParts {
  properties: Props;
  email?: string;
  phone_number?: string;
  time: number;
  event_id?: string;
}

/** A non-negative finite number (numeric strings accepted), else undefined. */
const amount = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() ? +v : v;
  return typeof n === 'number' && n >= 0 && n < Infinity ? n : undefined;
};
/** A non-empty string or finite number, as a string, else undefined. */
const ident = (v: unknown): string | undefined => ((typeof v === 'string' && v) || (typeof v === 'number' && isFinite(v)) ? String(v) : undefined);
const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/**
 * Validates a Charged call against Contlo's rules and reports every violation at once
 * in one ContloError naming each field. `phoneCountry` normalizes national phone numbers.
 */
export function validateCharged(d: unknown, who: Identity, phoneCountry?: string, now = Date.now()): ChargedParts {
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new ContloError('charged() needs an object of details', ['details']);
  let x: Props;
  try {
    x = { ...d };
  } catch (e) {
    throw new ContloError(`details could not be read (${(e as Error)?.message || e})`, ['details']);
  }
  const bad: [string, string][] = [];
  const out: Props = { event_type: 'charged' };
  /** Removes `k` from the custom keys and returns its value. */
  const take = (k: string) => {
    const v = x[k];
    delete x[k];
    return v;
  };
  /** Records a problem with `f` unless `ok` holds a value; returns `ok`. */
  const check = <T>(f: string, desc: string, v: unknown, ok: T | undefined): T | undefined => {
    if (ok === undefined) bad.push([f, v === undefined ? `${f} is required (${desc})` : `${f} must be ${desc}, got ${show(v)}`]);
    return ok;
  };
  const ids = (v: unknown) => (Array.isArray(v) && v.length && v.every(ident) ? v.map(String) : undefined);

  let v = take('transaction_id');
  out.transaction_id = check('transaction_id', 'a non-empty string', v, ident(v));
  v = take('transaction_value') ?? take('transacation_value');
  take('transacation_value');
  out.transaction_value = check('transaction_value', 'a non-negative number', v, amount(v));
  v = take('currency');
  const cur = typeof v === 'string' ? v.trim().toUpperCase() : '';
  out.currency = check('currency', 'an ISO 4217 code such as "INR"', v, isCurrency(cur) ? cur : undefined);
  for (const f of ['product', 'variant', 'collection']) {
    const plural = `${f}_ids`;
    const single = take(`${f}_id`);
    v = take(plural) ?? (single === undefined ? undefined : [single]);
    out[plural] = v === undefined && f === 'collection' ? [] : check(plural, 'a non-empty array of ids', v, ids(v));
  }
  for (const f of ['product_prices', 'product_quantities']) {
    v = take(f);
    const nums = Array.isArray(v) ? v.map(amount) : [undefined];
    if (v !== undefined) out[f] = check(f, 'an array of non-negative numbers', v, nums.includes(undefined) ? undefined : nums);
  }
  ['total_discount', 'shipping_price', 'subtotal_price', 'total_tax'].forEach((f, i) => {
    v = take(f);
    if (v != null) out[f] = check(f, 'a non-negative number', v, amount(v));
    else if (i < 2) out[f] = 0; // a missing discount or shipping: Contlo wants 0, not null
  });
  v = take('order_id');
  if (v !== undefined) out.order_id = check('order_id', 'a non-empty string', v, ident(v));

  v = take('email');
  const email = v === undefined ? who.email : check('email', 'a valid email address', v, normalizeEmail(v));
  const rawPhone = take('phone_number');
  const phone = rawPhone === undefined ? who.phone_number : check('phone_number', 'an international number (+<country code><number>)', rawPhone, normalizePhone(rawPhone, phoneCountry));
  if (!email && !phone && v === undefined && rawPhone === undefined) bad.push(['email', 'email or phone_number is required: pass one or call identify() first']);

  v = take('time');
  const time = v === undefined ? now : v;
  if (typeof time === 'number' && time > 0 && time < 1e11) bad.push(['time', `time ${time} looks like seconds; pass epoch milliseconds (${time * 1000})`]);
  else check('time', 'epoch milliseconds', time, typeof time === 'number' && time >= 1e11 && time < Infinity ? time : undefined);

  const eventId = take('event_id');
  if (eventId !== undefined) check('event_id', 'a non-empty string of at most 100 characters', eventId, typeof eventId === 'string' && eventId && eventId.length <= 100 ? eventId : undefined);
  const cp = propsProblem(x, 'details');
  if (typeof cp === 'string') bad.push([cp.split(/[ .]/)[1], cp]);

  failIf(bad, 'Invalid Charged event');
  return { properties: { ...x, ...out }, email, phone_number: phone, time: time as number, event_id: eventId as string | undefined };
}
