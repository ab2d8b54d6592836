import type { Obj } from './db';

/** Most records one batch may carry. */
export const MAX_BATCH_RECORDS = 1000;
/** Largest serialized size of one record, in bytes. */
export const MAX_RECORD_BYTES = 32 * 1024;

/** The record types /v1/track/batch accepts. */
export type RecordType = 'track' | 'identify' | 'push_subscription';

/** A browser PushSubscription as JSON. */
export interface SubscriptionJson {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** Profile fields an identify record may set. */
export const TRAITS = ['first_name', 'last_name', 'city', 'country', 'zip'] as const;
/** One of the profile fields an identify record may set. */
export type Trait = (typeof TRAITS)[number];

/** A record that passed validation, with its fields typed. */
export interface ValidRecord {
  type: RecordType;
  event_id: string;
  event: string | null;
  anonymous_id: string | null;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  traits: Partial<Record<Trait, string>>;
  properties: Obj | null;
  profile_properties: Obj | null;
  context: Obj | null;
  /** Only for push_subscription: the subscription, or null when unsubscribed. */
  subscription: SubscriptionJson | null;
  device_event_time: number;
  raw: Obj;
}

/** The outcome of validating one record. */
export type Validation = { ok: true; record: ValidRecord } | { ok: false; event_id: string; error: string };

const TYPES: readonly string[] = ['track', 'identify', 'push_subscription'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** True for a plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function absent(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

function describe(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  try {
    return String(JSON.stringify(v));
  } catch {
    return String(v);
  }
}

function checkEventId(r: Obj, errors: string[]): string {
  const id = r.event_id;
  if (absent(id)) errors.push('event_id is required');
  else if (typeof id !== 'string') errors.push(`event_id must be a string (got ${typeof id})`);
  else if (id.length === 0) errors.push('event_id must not be empty');
  else if (id.length > 100) errors.push(`event_id must be at most 100 characters (got ${id.length})`);
  return id === null ? '' : describe(id);
}

function optString(r: Obj, field: string, max: number, errors: string[]): string | null {
  const v = r[field];
  if (absent(v)) return null;
  if (typeof v !== 'string') errors.push(`${field} must be a string`);
  else if (v.length > max) errors.push(`${field} must be at most ${max} characters`);
  else return v;
  return null;
}

function optObject(r: Obj, field: string, errors: string[]): Obj | null {
  const v = r[field];
  if (absent(v)) return null;
  if (!isObj(v)) {
    errors.push(`${field} must be an object`);
    return null;
  }
  return v;
}

function checkCharged(props: Obj | null, hasContact: boolean, errors: string[]): void {
  const p = props ?? {};
  const pre = 'Charged event: ';
  if (typeof p.transaction_id !== 'string' || p.transaction_id === '') {
    errors.push(`${pre}properties.transaction_id must be a non-empty string`);
  }
  if (typeof p.transaction_value !== 'number' || !Number.isFinite(p.transaction_value)) {
    errors.push(`${pre}properties.transaction_value must be a finite number`);
  }
  if (typeof p.currency !== 'string' || !CURRENCY.test(p.currency)) {
    errors.push(`${pre}properties.currency must be a 3-letter upper-case ISO 4217 code`);
  }
  for (const f of ['product_ids', 'variant_ids']) {
    const v = p[f];
    if (!Array.isArray(v) || v.length === 0) errors.push(`${pre}properties.${f} must be a non-empty array`);
  }
  if (!hasContact) errors.push(`${pre}email or phone_number is required`);
}

function checkSubscription(r: Obj, errors: string[]): SubscriptionJson | null {
  if (!('subscription' in r) || r.subscription === undefined) {
    errors.push('subscription is required (an object, or null when unsubscribed)');
    return null;
  }
  const s = r.subscription;
  if (s === null) return null;
  if (!isObj(s)) {
    errors.push('subscription must be an object or null');
    return null;
  }
  const before = errors.length;
  let https = false;
  try {
    https = typeof s.endpoint === 'string' && new URL(s.endpoint).protocol === 'https:';
  } catch {
    https = false;
  }
  if (!https) errors.push('subscription.endpoint must be an https URL');
  const keys = isObj(s.keys) ? s.keys : {};
  for (const k of ['p256dh', 'auth']) {
    if (typeof keys[k] !== 'string' || keys[k] === '') errors.push(`subscription.keys.${k} must be a non-empty string`);
  }
  return errors.length === before ? (s as unknown as SubscriptionJson) : null;
}

/** Validates one batch record; errors name the offending field and are joined with "; ". */
export function validateRecord(input: unknown): Validation {
  if (!isObj(input)) {
    return { ok: false, event_id: '', error: `record must be a JSON object (got ${Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input})` };
  }
  const r = input;
  const errors: string[] = [];
  const eventId = checkEventId(r, errors);
  const type = r.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) {
    errors.push(`type must be one of track, identify, push_subscription (got ${describe(type) || 'nothing'})`);
  }
  const t = r.device_event_time;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    errors.push('device_event_time must be a finite number > 0 (ms since epoch)');
  }
  const anonymousId = optString(r, 'anonymous_id', 100, errors);
  const externalId = optString(r, 'external_id', 255, errors);
  const email = optString(r, 'email', 254, errors);
  if (email !== null && !EMAIL.test(email)) errors.push(`email is not a valid email address: ${email}`);
  const phone = optString(r, 'phone_number', 20, errors);
  if (phone !== null && !E164.test(phone)) errors.push(`phone_number must be E.164 like +919876543210 (got ${phone})`);
  const properties = optObject(r, 'properties', errors);
  const profileProperties = optObject(r, 'profile_properties', errors);
  const context = optObject(r, 'context', errors);
  if (properties && !absent(properties.event_type) && typeof properties.event_type !== 'string') {
    errors.push('properties.event_type must be a string');
  }

  let event: string | null = null;
  const traits: Partial<Record<Trait, string>> = {};
  let subscription: SubscriptionJson | null = null;
  if (type === 'track') {
    if (typeof r.event !== 'string' || r.event.length === 0) errors.push('event must be a non-empty string');
    else if (r.event.length > 255) errors.push('event must be at most 255 characters');
    else event = r.event;
    if (r.event === 'Charged' || properties?.event_type === 'charged') {
      checkCharged(properties, email !== null || phone !== null, errors);
    }
  } else if (type === 'identify') {
    for (const f of TRAITS) {
      const v = optString(r, f, 255, errors);
      if (v !== null) traits[f] = v;
    }
  } else if (type === 'push_subscription') {
    subscription = checkSubscription(r, errors);
  }

  let bytes = 0;
  try {
    bytes = Buffer.byteLength(JSON.stringify(r));
  } catch {
    errors.push('record cannot be serialized');
  }
  if (bytes > MAX_RECORD_BYTES) errors.push(`record is ${bytes} bytes serialized, over the ${MAX_RECORD_BYTES}-byte limit`);

  if (errors.length > 0) return { ok: false, event_id: eventId, error: errors.join('; ') };
  return {
    ok: true,
    record: {
      type: type as RecordType,
      event_id: eventId,
      event,
      anonymous_id: anonymousId,
      email,
      phone_number: phone,
      external_id: externalId,
      traits,
      properties,
      profile_properties: profileProperties,
      context,
      subscription,
      device_event_time: t as number,
      raw: r,
    },
  };
}
