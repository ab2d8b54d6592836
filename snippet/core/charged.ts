import { isCurrency } from './currencies';
import { normalizeEmail, normalizePhone } from './contact';
import { failIf } from './errors';
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

const KNOWN = new Set(
  'transaction_id transaction_value transacation_value currency product_ids product_id variant_ids variant_id collection_ids order_id product_prices product_quantities total_discount shipping_price subtotal_price total_tax email phone_number time event_id'.split(' '),
);

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const isId = (v: unknown) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));

/**
 * Validates a Charged call against Contlo's rules and reports every violation at once
 * in one ContloError naming each field. `phoneCountry` normalizes national phone numbers.
 */
export function validateCharged(d: unknown, who: Identity, phoneCountry?: string, now = Date.now()): ChargedParts {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) failIf([['details', 'charged() needs an object of details']], 'Invalid Charged event');
  const x = d as ChargedDetails;
  const bad: [string, string][] = [];
  const out: Props = { event_type: 'charged' };

  if (!isId(x.transaction_id)) bad.push(['transaction_id', 'transaction_id is required (a non-empty string)']);
  else out.transaction_id = String(x.transaction_id);

  const rawValue = x.transaction_value ?? x.transacation_value;
  const value = num(rawValue);
  if (value === undefined || value < 0) bad.push(['transaction_value', rawValue === undefined ? 'transaction_value is required (a number)' : `transaction_value must be a non-negative number, got ${JSON.stringify(rawValue)}`]);
  else out.transaction_value = value;

  const cur = typeof x.currency === 'string' ? x.currency.trim().toUpperCase() : '';
  if (!isCurrency(cur)) bad.push(['currency', x.currency === undefined ? 'currency is required (ISO 4217, e.g. "INR")' : `currency ${JSON.stringify(x.currency)} is not an ISO 4217 code`]);
  else out.currency = cur;

  for (const [plural, single, required] of [['product_ids', 'product_id', 1], ['variant_ids', 'variant_id', 1], ['collection_ids', '', 0]] as const) {
    const raw = x[plural] ?? (single && x[single] !== undefined ? [x[single]] : undefined);
    if (raw === undefined && !required) out[plural] = [];
    else if (!Array.isArray(raw) || !raw.length || !raw.every(isId)) bad.push([plural, `${plural} must be a non-empty array of ids`]);
    else out[plural] = raw.map(String);
  }
  for (const f of ['product_prices', 'product_quantities'] as const) {
    const raw = x[f];
    if (raw === undefined) continue;
    const nums = Array.isArray(raw) ? raw.map(num) : [undefined];
    if (nums.some((n) => n === undefined || n < 0)) bad.push([f, `${f} must be an array of non-negative numbers`]);
    else out[f] = nums;
  }
  for (const f of ['total_discount', 'shipping_price', 'subtotal_price', 'total_tax'] as const) {
    const raw = x[f];
    const n = raw == null ? (f === 'total_discount' || f === 'shipping_price' ? 0 : undefined) : num(raw);
    if (n === undefined && raw != null) bad.push([f, `${f} must be a number, got ${JSON.stringify(raw)}`]);
    else if (n !== undefined) out[f] = n;
  }
  if (x.order_id !== undefined) {
    if (!isId(x.order_id)) bad.push(['order_id', 'order_id must be a non-empty string']);
    else out.order_id = String(x.order_id);
  }

  const email = x.email === undefined ? who.email : normalizeEmail(x.email);
  if (x.email !== undefined && !email) bad.push(['email', `email ${JSON.stringify(x.email)} is not a valid address`]);
  const phone = x.phone_number === undefined ? who.phone_number : normalizePhone(x.phone_number, phoneCountry);
  if (x.phone_number !== undefined && !phone) bad.push(['phone_number', `phone_number ${JSON.stringify(x.phone_number)} is not a valid international number`]);
  if (!email && !phone && x.email === undefined && x.phone_number === undefined) {
    bad.push(['email', 'email or phone_number is required: pass one or call identify() first']);
  }

  const time = x.time === undefined ? now : x.time;
  if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0) bad.push(['time', 'time must be epoch milliseconds (a positive number)']);
  else if (time < 1e11) bad.push(['time', `time ${time} looks like seconds; pass epoch milliseconds (${time * 1000})`]);

  if (x.event_id !== undefined && (typeof x.event_id !== 'string' || !x.event_id || x.event_id.length > 100)) {
    bad.push(['event_id', 'event_id must be a non-empty string of at most 100 characters']);
  }
  const custom: Props = {};
  for (const k in x) if (!KNOWN.has(k)) custom[k] = x[k];
  const cp = propsProblem(custom, 'details');
  if (cp) bad.push([cp.split(/[ .]/)[1] || 'details', cp]);

  failIf(bad, 'Invalid Charged event');
  return { properties: { ...custom, ...out }, email, phone_number: phone, time: time as number, event_id: x.event_id };
}
